"""nbgitpuller links: one click pulls the lessons into a student's home and opens them."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

DEFAULT_TARGET = "tpm-course-lessons"


def pull_link(
    hub_url: str, repo: str, branch: str = "main", lesson: str | None = None, target: str = DEFAULT_TARGET
) -> str:
    """The link that pulls ``repo``'s ``branch`` into ``~/target`` and opens a lesson (or lessons/)."""
    hub = urlsplit(hub_url)
    if hub.scheme not in ("http", "https") or not hub.netloc:
        raise ValueError(f"the hub URL must start with https:// (or http://), got {hub_url!r}")
    if not repo.strip():
        raise ValueError("give the git URL of the lessons repository (see `tpm-course hub lessons`)")
    if not branch.strip() or "/" in target or not target.strip():
        raise ValueError("the branch and the target folder must be plain names")
    opened = f"lessons/{lesson}.ipynb" if lesson else "lessons"
    query = urlencode({"repo": repo, "branch": branch, "targetpath": target, "urlpath": f"lab/tree/{target}/{opened}"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"

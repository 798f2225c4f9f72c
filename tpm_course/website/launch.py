"""The "open in JupyterLab" links of a lesson or exercise page: Binder for anyone, nbgitpuller for a hub."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode, urlsplit

from tpm_course.hub.links import pull_link

from .settings import Settings, SiteError


def binder_link(settings: Settings, path: str) -> str:
    """The Binder link that builds ``settings.repository`` from environment.yml and opens ``path`` in JupyterLab."""
    repo = urlsplit(settings.repository)
    binder = urlsplit(settings.binder)
    if repo.scheme != "https" or not repo.netloc or binder.scheme not in ("http", "https") or not binder.netloc:
        raise SiteError(
            f"the repository and the BinderHub must be https:// URLs, got {settings.repository!r} and {settings.binder!r}"
        )
    ref = quote(settings.branch, safe="")
    owner_repo = repo.path.strip("/").removesuffix(".git")
    if repo.netloc == "github.com" and owner_repo.count("/") == 1:
        spec = f"gh/{owner_repo}/{ref}"
    else:
        spec = f"git/{quote(settings.repository, safe='')}/{ref}"
    return f"{settings.binder.rstrip('/')}/v2/{spec}?{urlencode({'urlpath': f'lab/tree/{path}'})}"


def launch_links(settings: Settings, path: str, stem: str | None) -> list[tuple[str, str, str]]:
    """(css class, label, URL) of each configured link for the notebook at ``path`` of module ``stem``.

    Without a module (the start page), the hub link opens the lessons' folder.
    """
    links = []
    if settings.repository:
        links.append(("tpm-binder", "Open in JupyterLab on Binder", binder_link(settings, path)))
    if settings.hub_url and settings.lessons_repository:
        label = "Open the lesson on your cohort's hub" if stem else "Open the lessons on your cohort's hub"
        url = pull_link(settings.hub_url, settings.lessons_repository, settings.branch, stem)
        links.append(("tpm-hub", label, url))
    return links


def launch_banner(settings: Settings, path: str, stem: str | None, exercise: bool = False) -> str:
    """The HTML paragraph of links put at the top of a lesson or exercise page."""
    links = launch_links(settings, path, stem)
    parts = [f'<a class="{cls}" href="{escape(url)}">{escape(label)}</a>' for cls, label, url in links]
    if exercise:
        parts.append("in a cohort, fetch the exercise from JupyterLab's <em>Assignments</em> tab")
    if not parts:
        parts.append(f"clone the course and open <code>{escape(path)}</code> in JupyterLab (<code>make start</code>)")
    return f'<p class="tpm-launch">{" · ".join(parts)}</p>'

"""A sandboxed child as its spawner makes it: process 1 of its own pid namespace, born in its notebook's
cgroup (the spawner waits in the next notebook's group), killed at its CPU limit with that reason.

Each scenario runs in a process of its own (it moves itself between cgroups, as a spawner does).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tpm_course.grading.isolation import is_root

SCENARIO = r"""
import json, os, shutil, tempfile
from pathlib import Path
from tpm_course.grading.cgroups import _own_groups
from tpm_course.grading.isolation import probe
from tpm_course.grading.sandbox import Limits, Sandbox

home = _own_groups()
run = Path(tempfile.mkdtemp(prefix="tpm-sandbox-kernel-"))
isolation = probe(run, None)
box = Sandbox(run, 0, isolation, limits=Limits(notebook_timeout=0.5))  # CPU limit: 5 s

def describe(fd):
    os.write(fd, json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "cgroup": open("/proc/self/cgroup").read()}).encode())

def burn(fd):
    while True:
        pass

children = []
box.make_ahead()  # as a spawner does before its first notebook
for body in (describe, describe, burn):
    box.fresh_workdir({})
    pid, fd = box.spawn(body)
    group = box.group.folders[0].name if box.group is not None else None
    box.make_ahead()  # and once each child is forked
    data = b""
    while chunk := os.read(fd, 1 << 16):
        data += chunk
    os.close(fd)
    status = box.reap(pid)
    spawner = open("/proc/self/cgroup").read()
    children.append({"said": json.loads(data) if data else None, "group": group, "exceeded": box.exceeded,
                     "signalled": os.WIFSIGNALED(status), "spawner": spawner})
for controller, path in home.items():  # leave the waiting group, so that the run's groups can go
    folder = Path("/sys/fs/cgroup") / controller / path.lstrip("/")
    if (folder / "cgroup.procs").exists() and box.ahead is not None:
        (folder / "cgroup.procs").write_text(str(os.getpid()))
if isolation.groups is not None:
    isolation.groups.remove()
shutil.rmtree(run, ignore_errors=True)
print(json.dumps({"pid_ns": isolation.pid_ns, "groups": isolation.groups is not None, "children": children}))
"""


@pytest.fixture(scope="module")
def scenario():
    if not is_root():
        pytest.skip("the sandbox's namespaces and cgroups need root")
    done = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_kernel_is_process_1_of_its_own_pid_namespace_and_its_parent_is_out_of_sight(scenario):
    if not scenario["pid_ns"]:
        pytest.skip("this machine gives no pid namespace")
    for child in scenario["children"][:2]:
        assert child["said"]["pid"] == 1 and child["said"]["ppid"] == 0, child


def test_the_kernel_is_born_in_its_own_cgroup_while_the_spawner_waits_in_the_next_one(scenario):
    if not scenario["groups"]:
        pytest.skip("this machine gives no cgroups")
    first, second = scenario["children"][:2]
    for child in (first, second):
        assert f"/{child['group']}\n" in child["said"]["cgroup"], child  # memory, pids and cpu alike
        assert child["said"]["cgroup"].count(f"/{child['group']}\n") == 3, child
        assert child["group"] not in child["spawner"], child
    assert first["group"] != second["group"]
    assert second["group"] in first["spawner"]  # where the spawner waited: the next child's group


def test_a_kernel_past_its_cpu_limit_is_killed_and_the_reason_is_cpu_time(scenario):
    burner = scenario["children"][2]
    assert burner["said"] is None and burner["signalled"] and burner["exceeded"] == "cpu", burner
    assert all(child["exceeded"] is None for child in scenario["children"][:2])

"""--dask-scheduler: the same runs go to a Dask distributed cluster through Client.get_executor()."""

from __future__ import annotations

import json

import pytest

from support.build_compare import tree_differences
from support.mini_project import runs_with, write_mini_project

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")


@pytest.mark.slow
def test_a_build_on_a_local_dask_cluster_matches_a_local_build(tmp_path):
    project = write_mini_project(tmp_path / "p", sets=("en",))
    local = project.build("--output", str(tmp_path / "local"), "--build-dir", str(tmp_path / "local-build"))
    assert local.returncode == 0, local.stdout + local.stderr

    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None, protocol="tcp://", host="127.0.0.1",
                                  scheduler_port=0) as cluster:
        done = project.build("--dask-scheduler", cluster.scheduler_address)
        assert done.returncode == 0, done.stdout + done.stderr
        assert runs_with(done.stdout, "ok") == {"en/alpha", "en/beta"}
        prefixes = cluster.scheduler.task_prefixes  # the runs really were computed by the cluster
        assert "run_isolated" in prefixes
        assert prefixes["run_isolated"].all_durations["compute"] > 0

        again = project.build("--dask-scheduler", cluster.scheduler_address)
        assert runs_with(again.stdout, "up to date") == {"en/alpha", "en/beta"}

    assert tree_differences(tmp_path / "local", project.figures) == []
    manifest = json.loads((project.figures / "manifest.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in manifest["figures"]] == ["en/alpha/values", "en/beta/values"]


def test_dask_is_not_imported_without_the_option(tmp_path):
    import subprocess
    import sys

    project = write_mini_project(tmp_path / "p", sets=("en",))
    code = ("import sys, runpy\n"
            f"sys.argv = ['analysis', 'build', '--project', {str(project.root)!r}, '--list']\n"
            "from analysis.cli import main\n"
            "main(sys.argv[1:])\n"
            "print('dask' in sys.modules, 'distributed' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "False False"

#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The Dask job (tools/dask/nx_dask.py) on a real scheduler and two workers
on 127.0.0.1: the union of its output shards must equal the single-process
output over the same WARC files (which this test writes).  Fails loudly
when python3-distributed is missing: a missing package is not a pass.

usage: tests/batch/test_dask.py   (NX_LUA picks the CLI's Lua, as ever)
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "bin", "newsextract")
LUA = os.environ.get("NX_TEST_LUA", "lua5.4")
SHARDS = 4

try:
    import distributed  # noqa: F401
    from distributed import Client
except ImportError as e:
    sys.exit("test-dask: FAIL: python3-distributed is not installed (%s); "
             "tools/install-deps installs it" % e)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    tmp = tempfile.mkdtemp(prefix="nx-dask-")
    procs = []
    try:
        warcs = os.path.join(tmp, "in")
        os.makedirs(warcs)
        subprocess.run([LUA, os.path.join(ROOT, "tests", "batch", "fixtures.lua"), "warc", warcs,
                        str(SHARDS)], check=True)
        shards = sorted(os.path.join(warcs, f) for f in os.listdir(warcs))
        assert len(shards) == SHARDS, shards
        port = free_port()
        addr = "tcp://127.0.0.1:%d" % port
        env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
        log = open(os.path.join(tmp, "cluster.log"), "wb")
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
             "--port", str(port), "--no-dashboard"], stdout=log, stderr=log, env=env))
        for i in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", addr, "--nthreads", "1",
                 "--nworkers", "1", "--no-dashboard", "--name", "w%d" % i, "--host", "127.0.0.1",
                 "--local-directory", os.path.join(tmp, "w%d" % i)], stdout=log, stderr=log, env=env))
        deadline = time.time() + 60
        while True:
            try:
                with Client(addr, timeout=5) as c:
                    c.wait_for_workers(2, timeout=max(1, deadline - time.time()))
                    workers = len(c.scheduler_info()["workers"])
                break
            except (OSError, TimeoutError) as e:
                if time.time() > deadline:
                    log.flush()
                    sys.exit("test-dask: FAIL: no cluster on %s: %s\n%s" % (
                        addr, e, open(os.path.join(tmp, "cluster.log")).read()[-3000:]))
                time.sleep(0.5)
        out = os.path.join(tmp, "out")
        job = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "dask", "nx_dask.py"),
                              "--scheduler", addr, "--out", out, "--cli", CLI, "--arg=--no-rules"]
                             + shards, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        report = job.stdout.decode()
        if job.returncode != 0:
            sys.exit("test-dask: FAIL: the job exited %d\n%s%s" % (
                job.returncode, report, job.stderr.decode()[-3000:]))
        union = b""
        for s in shards:
            name = os.path.basename(s)[: -len(".warc.gz")] + ".jsonl"
            with open(os.path.join(out, name), "rb") as f:
                union += f.read()
        single = subprocess.run([LUA, CLI, "--quiet", "--jobs", "1", "--no-rules"] + shards,
                                stdout=subprocess.PIPE, check=False)
        if single.returncode != 0:
            sys.exit("test-dask: FAIL: the single-process run exited %d" % single.returncode)
        n = single.stdout.count(b"\n")
        if n != SHARDS * 4 or single.stdout.count(b'"status":"ok"') != n:
            sys.exit("test-dask: FAIL: single-process run gave %d lines, not %d ok" % (n, SHARDS * 4))
        if union != single.stdout:
            sys.exit("test-dask: FAIL: the union of the shards differs from the single-process output")
        used = sorted(set(l.rsplit("(worker ", 1)[1] for l in report.splitlines() if "(worker " in l))
        print("test-dask: %d WARC shards on a scheduler and %d workers (%d used): the union of the "
              "output shards equals the single-process output (%d records)" % (
                  SHARDS, workers, len(used), n))
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

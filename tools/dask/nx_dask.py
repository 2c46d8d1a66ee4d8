#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Map WARC or JSON Lines shards to output shards with the newsextract CLI,
as a Dask distributed job (Debian: python3-distributed).

usage: nx_dask.py --scheduler tcp://HOST:PORT --out DIR [--cli PATH]
                  [--arg=ARG ...] SHARD [SHARD ...]

Each SHARD (a .warc, .warc.gz, .jsonl or .jsonl.gz file every worker can
read, e.g. on a shared file system) becomes DIR/<shard name>.jsonl: the
CLI's JSON Lines for that shard, the same lines a single-process run over
the same shard writes.  A task writes to a temporary name and renames it,
so a retried task never leaves half a shard.  Each task runs
`newsextract --quiet --jobs 1 --exit-zero [ARG...] SHARD` (one core per
task: Dask's threads or processes give the parallelism; --exit-zero since
failed records are records with a status, not a failed task); a usage
error or a crash of the CLI fails the task.  Prints one line per shard
and exits 1 if any task failed.  See docs/BATCH.md.
"""
import argparse
import os
import subprocess
import sys


def extract_shard(shard, out_dir, cli, args):
    """Run the CLI over one shard; returns a small summary dict."""
    name = os.path.basename(shard)
    for ext in (".gz", ".warc", ".jsonl", ".ndjson"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    final = os.path.join(out_dir, name + ".jsonl")
    tmp = "%s.tmp-%d" % (final, os.getpid())
    cmd = [cli, "--quiet", "--jobs", "1", "--exit-zero"] + list(args) + [shard]
    with open(tmp, "wb") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        os.unlink(tmp)
        raise RuntimeError("%s: newsextract exited %d: %s" % (
            shard, proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:]))
    os.replace(tmp, final)
    ok = lines = 0
    with open(final, "rb") as f:
        for line in f:
            lines += 1
            if b'"status":"ok"' in line:
                ok += 1
    try:
        from distributed import get_worker
        worker = get_worker().address
    except (ImportError, ValueError):
        worker = "local"
    return {"shard": shard, "output": final, "records": lines, "ok": ok, "worker": worker}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--scheduler", required=True, help="tcp://host:port of a dask scheduler")
    p.add_argument("--out", required=True, help="output directory (shared by the workers)")
    p.add_argument("--cli", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "..", "..", "bin", "newsextract"))
    p.add_argument("--arg", action="append", default=[], help="one more CLI argument (repeatable)")
    p.add_argument("shards", nargs="+")
    a = p.parse_args(argv)
    from distributed import Client
    os.makedirs(a.out, exist_ok=True)
    shards = [os.path.abspath(s) for s in a.shards]
    cli = os.path.abspath(a.cli)
    out = os.path.abspath(a.out)
    failed = 0
    with Client(a.scheduler) as client:
        futures = client.map(extract_shard, shards, out_dir=out, cli=cli, args=a.arg, pure=False)
        for fut, shard in zip(futures, shards):
            try:
                r = fut.result()
                print("%s -> %s: %d records, %d ok (worker %s)" % (
                    r["shard"], r["output"], r["records"], r["ok"], r["worker"]))
            except Exception as e:  # a task's failure is reported, the others go on
                failed += 1
                print("%s: FAILED: %s" % (shard, e), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

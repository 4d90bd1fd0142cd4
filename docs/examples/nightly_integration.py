#!/usr/bin/env python3
"""A nightly integration with skillreg's HTTP API, with the Python standard library only.

1. Posts the night's HR export to the registry (a sync over HTTP) and reads the run's summary.
2. Pages through the gaps of a manager's team with the cursor and writes them as CSV.

Every request carries a service token (`skillreg token create --name nightly --actor sync:wlx`
for the sync, `--actor manager:NO` or `hr` for the gaps) and is retried when the service
answers 503 or 429, after the seconds its `Retry-After` names.

    SKILLREG_TOKEN=skr_... python3 nightly_integration.py --base-url https://skillreg.example.org \\
        --export /exports/wlx-tonight.xml --manager 10001 --out gaps.csv

Without --export it skips the sync; with --dry-run the registry checks the export and answers
what the sync would do, and writes nothing. --sync-token names another token for the sync
(a sync token may not read gaps, a manager may not sync). Exit status: 0 done, 1 refused
(the answer's problem details are printed), 2 usage.
"""

import argparse
import csv
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

RETRIES = 5


class ApiError(Exception):
    """An error answer of the API: its status and RFC 9457 problem details."""

    def __init__(self, status, problem):
        self.status = status
        self.problem = problem
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")


def call(base_url, token, method, path, body=None, content_type=None):
    """One request; JSON in the answer. 503 and 429 are retried after Retry-After."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    for attempt in range(RETRIES + 1):
        request = urllib.request.Request(
            base_url.rstrip("/") + path, data=body, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=600) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as error:
            if error.code in (429, 503) and attempt < RETRIES:
                wait = error.headers.get("Retry-After", "5")
                time.sleep(int(wait) if wait.isdigit() else 5)
                continue
            try:
                problem = json.load(error)
            except ValueError:
                problem = {"title": error.reason}
            raise ApiError(error.code, problem) from None
    raise AssertionError("unreachable")


def sync(base_url, token, export, kind="wlx", dry_run=False):
    """Posts an export to POST /api/v1/sources/{kind}/runs; the run's summary."""
    with open(export, "rb") as f:
        body = f.read()
    query = "?dry_run=true" if dry_run else ""
    content_type = "text/csv" if kind == "csv" else "application/xml"
    return call(base_url, token, "POST", f"/api/v1/sources/{kind}/runs{query}", body, content_type)


def team_gaps(base_url, token, manager, limit=1000):
    """Every gap of a manager's team, a page at a time; yields (page number, rows)."""
    query = {"manager": manager, "limit": str(limit)}
    page_no = 0
    while True:
        page = call(base_url, token, "GET", "/api/v1/gaps?" + urllib.parse.urlencode(query))
        page_no += 1
        yield page_no, page["items"]
        if not page.get("next_cursor"):
            return
        query["cursor"] = page["next_cursor"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--export", help="the night's export (skip the sync without it)")
    parser.add_argument("--kind", default="wlx", help="wlx, paxml or csv")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--sync-token", help="default: SKILLREG_SYNC_TOKEN, else SKILLREG_TOKEN")
    parser.add_argument("--manager", help="whose team's gaps to write")
    parser.add_argument("--limit", type=int, default=1000, help="gaps per page, 1-1000")
    parser.add_argument("--out", help="CSV file of the gaps (default: standard output)")
    args = parser.parse_args()
    token = os.environ.get("SKILLREG_TOKEN")
    if not token:
        print("set SKILLREG_TOKEN to a service token", file=sys.stderr)
        return 2
    sync_token = args.sync_token or os.environ.get("SKILLREG_SYNC_TOKEN") or token
    try:
        if args.export:
            summary = sync(args.base_url, sync_token, args.export, args.kind, args.dry_run)
            print("sync " + json.dumps(summary, ensure_ascii=False), file=sys.stderr)
        if args.manager:
            out = open(args.out, "w", newline="", encoding="utf-8") if args.out else sys.stdout
            writer = csv.writer(out)
            writer.writerow(["employee_no", "name", "system", "target", "current", "gap", "courses"])
            rows = pages = 0
            for pages, items in team_gaps(args.base_url, token, args.manager, args.limit):
                for g in items:
                    writer.writerow([g["employee_no"], g["name"], g["system"], g.get("target"),
                                     g.get("current"), g["gap"], " ".join(g["recommended_courses"])])
                    rows += 1
            if out is not sys.stdout:
                out.close()
            print(f"gaps {rows} rows in {pages} pages", file=sys.stderr)
    except ApiError as error:
        print(f"refused: {error}", file=sys.stderr)
        print(json.dumps(error.problem, indent=2, ensure_ascii=False), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

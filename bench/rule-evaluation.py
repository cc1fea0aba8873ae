#!/usr/bin/env python3
"""Helpers of bench/rule-evaluation.sh: the rules, the baseline series' history, loading the rules into HospitalOps,
watching both systems' rule evaluation and the report. Standard library only.

The load (on bench/SyntheticExporter's 4 endpoints × 50,000 series, every target labelled endpoint="e0".."e3"):
- 10,000 threshold rules, 2,500 per endpoint, in groups of 100: nine kinds of rule a hospital writes per host or device
  (a gauge over a limit, a device down, a ratio of two metrics, a rate, a sum or average of rates per host), each
  selecting one host's (or one device's) series; every 100th rule has a limit its series always cross, so alerts
  are pending, firing and stored as a running system has them. Prometheus evaluates the same rules.
- 1,000 baseline rules (HospitalOps only, Prometheus has no such rule): node_load1 of each of the 1,000 hosts (250 per
  endpoint), in groups of 100, each with 28 days of 5-minute history imported before the run.
"""
import json
import math
import os
import random
import sqlite3
import sys
import threading
import time
import urllib.request

ENDPOINTS = 4
SITES = ["his", "lis", "pacs", "emr", "ris"]
RACKS = ["r01", "r02", "r03", "r04"]
HOSTS = [f"vm-{i:03d}" for i in range(50)]
DISKS = [f"sd{chr(ord('a') + (i % 26))}{i // 26}" for i in range(4)]
NICS = [f"eno{i}" for i in range(24)]
GROUP_SIZE = 100


def threshold_rules():
    """(group, name, expr, for_seconds) × 10,000; the same on both systems."""
    rules = []
    for e in range(ENDPOINTS):
        ep = f'endpoint="e{e}"'
        kinds = [
            [f'node_disk_io_now{{{ep},site="{s}",rack="{r}",host="{h}",device="{d}"}} > 1e6' for s in SITES for r in RACKS for h in HOSTS[:10] for d in DISKS],
            [f'node_network_up{{{ep},site="{s}",host="{h}",device="{d}"}} == 0' for s in SITES for h in HOSTS[:10] for d in NICS],
            [f'node_load1{{{ep},site="{s}",host="{h}"}} > 1e6' for s in SITES for h in HOSTS],
            [f'node_memory_MemAvailable_bytes{{{ep},site="{s}",host="{h}"}} < 1' for s in SITES for h in HOSTS],
            [f'node_filesystem_avail_bytes{{{ep},host="{h}"}} / node_filesystem_size_bytes{{{ep},host="{h}"}} < 0.01' for h in HOSTS],
            [f'rate(node_disk_io_time_seconds_total{{{ep},site="{s}",rack="{r}",host="{h}"}}[5m]) > 1.5' for s in SITES for r in RACKS for h in HOSTS[:10]],
            [f'node_hwmon_temp_celsius{{{ep},site="{s}",host="{h}"}} > 1e6' for s in SITES for h in HOSTS[:10]],
            [f'sum by (host) (rate(node_network_receive_bytes_total{{{ep},site="{s}",host="{h}"}}[5m])) > 1e9' for s in SITES for h in HOSTS[:10]],
            [f'avg by (host) (rate(node_cpu_seconds_total{{{ep},host="{h}",mode!="idle"}}[5m])) > 2' for h in HOSTS[:5]],
        ]
        picked = []
        round_ = 0
        while len(picked) < 2500:
            for k in kinds:
                if round_ < len(k) and len(picked) < 2500:
                    picked.append(k[round_])
            round_ += 1
        rules.extend(picked)
    out = []
    for i, expr in enumerate(rules):
        if i % 100 == 50:
            # A limit the series always crosses: these alerts go pending, then fire after the rule's 5 minutes.
            expr = expr.rsplit(" ", 2)[0] + (" < 1e12" if " > " in expr else " >= 0")
        out.append((f"bench-threshold-{i // GROUP_SIZE:03d}", f"bench-t{i:05d}", expr, 300))
    return out


def baseline_rules():
    out = []
    i = 0
    for e in range(ENDPOINTS):
        for s in SITES:
            for h in HOSTS:
                out.append((f"bench-baseline-{i // GROUP_SIZE:02d}", f"bench-b{i:04d}", f'node_load1{{endpoint="e{e}",site="{s}",host="{h}"}}', 0))
                i += 1
    return out


def cmd_prom_rules(path):
    groups = {}
    for group, name, expr, for_s in threshold_rules():
        groups.setdefault(group, []).append((name, expr, for_s))
    with open(path, "w") as f:
        f.write("groups:\n")
        for group, rules in groups.items():
            f.write(f"  - name: {group}\n    interval: 15s\n    rules:\n")
            for name, expr, for_s in rules:
                f.write(f"      - alert: {name}\n        expr: {json.dumps(expr)}\n        for: {for_s}s\n        labels: {{severity: minor}}\n        annotations: {{summary: \"{{{{ $labels.host }}}}\"}}\n")


def cmd_history(bases_dir, labels_json, end, days, out):
    """28 days of node_load1 at 5 minutes for every host of every endpoint, ending at `end` with the level the exporter
    serves now (read from one scrape per endpoint): a daily rhythm (day above night, weekends lower) of ±4 % around it,
    shifted so that the rhythm's value at the end's time of day is the current level, and 1 % noise."""
    target_labels = json.loads(labels_json)  # per endpoint: {name: value}
    rng = random.Random(20261122)
    step = 300
    end = end - end % step
    start = end - days * 86400
    tz = 8 * 3600

    def rhythm(t):
        local = (t + tz) % 86400 / 3600.0
        weekday = ((t + tz) // 86400 + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
        day = math.exp(-((local - 10.5) ** 2) / 18.0) + 0.6 * math.exp(-((local - 15.5) ** 2) / 8.0)
        return day * (0.6 if weekday >= 5 else 1.0)

    for e in range(ENDPOINTS):
        # One file per endpoint: the import takes at most 1 GiB at once.
        with open(f"{out}-{e}.om", "w") as f:
            f.write("# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\n")
            bases = {}
            with open(os.path.join(bases_dir, f"metrics-{e}.txt")) as m:
                for line in m:
                    if line.startswith("node_load1{"):
                        labels, value = line.rsplit(" ", 1)
                        inner = dict(p.split("=", 1) for p in labels[len("node_load1{"):-1].split(","))
                        bases[(inner["site"].strip('"'), inner["host"].strip('"'))] = float(value)
            extra = ",".join(f'{k}="{v}"' for k, v in sorted(target_labels[str(e)].items()))
            at_end = rhythm(end)
            for s in SITES:
                for h in HOSTS:
                    base = bases[(s, h)]
                    name = f'node_load1{{site="{s}",host="{h}",rack="r01",{extra}}}'
                    lines = []
                    for t in range(start, end + 1, step):
                        v = base * (1 + 0.04 * (rhythm(t) - at_end)) + rng.gauss(0, 0.01 * base)
                        lines.append(f"{name} {max(v, 0):.2f} {t}\n")
                    f.writelines(lines)
            f.write("# EOF\n")


def cmd_post_rules(base, cookie, csrf, threads):
    """Creates every rule through the API (as an administrator would, one request per rule), several at a time."""
    rules = [(g, n, x, f, "threshold") for g, n, x, f in threshold_rules()] + [(g, n, x, f, "baseline") for g, n, x, f in baseline_rules()]
    failures = []
    lock = threading.Lock()
    index = [0]

    def worker():
        while True:
            with lock:
                if index[0] >= len(rules):
                    return
                group, name, expr, for_s, kind = rules[index[0]]
                index[0] += 1
            body = {"name": name, "group": group, "expr": expr, "forSeconds": for_s, "severity": "minor", "intervalSeconds": 15, "kind": kind,
                    "labels": {}, "annotations": {"summary": "{{ $labels.host }}"}}
            req = urllib.request.Request(f"{base}/api/v1/alerting/rules", data=json.dumps(body).encode(), method="POST",
                                         headers={"content-type": "application/json", "cookie": cookie, "x-csrf-token": csrf})
            try:
                urllib.request.urlopen(req, timeout=60).read()
            except Exception as ex:  # noqa: BLE001 - reported below
                detail = getattr(ex, "read", lambda: b"")().decode(errors="replace")[:300]
                with lock:
                    failures.append(f"{name}: {ex} {detail}")

    started = time.time()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print(json.dumps({"rules": len(rules), "failed": len(failures), "seconds": round(time.time() - started, 1), "first_failures": failures[:5]}))
    if failures:
        sys.exit(1)


def cmd_wait_profiles(db, expected, limit):
    """Seconds until every baseline rule's series has a learned profile (the first evaluations start the learning)."""
    started = time.time()
    while time.time() - started < limit:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            n = con.execute("SELECT COUNT(*) FROM baseline_profiles").fetchone()[0]
            con.close()
            if n >= expected:
                print(round(time.time() - started, 1))
                return
        except sqlite3.Error:
            pass
        time.sleep(1)
    print("nan")


def cmd_watch_hops(db, seconds, out):
    """Every group's runs (slot, duration) as the server records them, for `seconds`; one line per run."""
    seen = {}
    end = time.time() + seconds
    with open(out, "w") as f:
        while time.time() < end:
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                for group, slot, duration, rules, failed in con.execute(
                        "SELECT group_name, slot_at, duration_ms, rules, failed FROM alert_group_runs WHERE duration_ms IS NOT NULL"):
                    if seen.get(group) != slot:
                        seen[group] = slot
                        f.write(f"{group}\t{slot}\t{duration}\t{rules}\t{failed}\n")
                con.close()
            except sqlite3.Error:
                pass
            f.flush()
            time.sleep(0.5)


def cmd_watch_prom(url, seconds, out):
    """Prometheus's own metrics every 5 s: each group's last evaluation time and duration, and missed iterations."""
    end = time.time() + seconds
    seen = {}
    with open(out, "w") as f:
        while time.time() < end:
            text = urllib.request.urlopen(f"{url}/metrics", timeout=10).read().decode()
            last_ts, last_dur, missed = {}, {}, 0.0
            for line in text.splitlines():
                if line.startswith("prometheus_rule_group_last_evaluation_timestamp_seconds{"):
                    last_ts[group_of(line)] = float(line.rsplit(" ", 1)[1])
                elif line.startswith("prometheus_rule_group_last_duration_seconds{"):
                    last_dur[group_of(line)] = float(line.rsplit(" ", 1)[1])
                elif line.startswith("prometheus_rule_group_iterations_missed_total{"):
                    missed += float(line.rsplit(" ", 1)[1])
            for group, ts in last_ts.items():
                if seen.get(group) != ts and group in last_dur:
                    seen[group] = ts
                    f.write(f"{group}\t{int(ts * 1000)}\t{last_dur[group] * 1000:.3f}\t100\t{missed:.0f}\n")
            f.flush()
            time.sleep(5)


def group_of(line):
    part = line.split('rule_group="', 1)[1].split('"', 1)[0]
    return part.split(";")[-1]


def cycles(path, interval_ms=15000):
    """Per evaluation slot: the groups evaluated and the sum of their durations (threshold, baseline, all)."""
    by_slot = {}
    for line in open(path):
        group, slot, dur, rules, failed = line.rstrip("\n").split("\t")
        slot = int(float(slot)) // interval_ms * interval_ms
        c = by_slot.setdefault(slot, {"groups": 0, "threshold": 0.0, "baseline": 0.0, "max_group": 0.0, "failed": 0})
        c["groups"] += 1
        c["threshold" if "threshold" in group else "baseline"] += float(dur)
        c["max_group"] = max(c["max_group"], float(dur))
        c["failed"] += int(float(failed)) if "prom" not in path else 0
    return [by_slot[s] | {"slot": s} for s in sorted(by_slot)]


def pct(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(math.ceil(p / 100 * len(values))) - 1)]


def cmd_summary(path, groups_expected):
    cs = cycles(path)
    # The first and last slots of the window may be cut by it; only whole cycles count.
    whole = [c for c in cs if c["groups"] >= int(groups_expected)]
    total = [c["threshold"] + c["baseline"] for c in whole]
    print(json.dumps({
        "slots": len(cs), "whole_cycles": len(whole), "partial_cycles": len(cs) - len(whole),
        "cycle_p50_ms": pct(total, 50), "cycle_p95_ms": pct(total, 95), "cycle_max_ms": max(total) if total else float("nan"),
        "threshold_p50_ms": pct([c["threshold"] for c in whole], 50), "threshold_max_ms": max([c["threshold"] for c in whole], default=float("nan")),
        "baseline_p50_ms": pct([c["baseline"] for c in whole], 50), "baseline_max_ms": max([c["baseline"] for c in whole], default=float("nan")),
        "max_group_ms": max([c["max_group"] for c in whole], default=float("nan")),
        "failed": sum(c["failed"] for c in whole),
    }))


def cmd_alerts(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    rows = dict(con.execute("SELECT state, COUNT(*) FROM alert_states GROUP BY state").fetchall())
    events = con.execute("SELECT COUNT(*) FROM alert_events").fetchone()[0]
    errors = con.execute("SELECT COUNT(*) FROM alert_rules WHERE last_error IS NOT NULL").fetchone()[0]
    first_error = con.execute("SELECT name || ': ' || last_error FROM alert_rules WHERE last_error IS NOT NULL LIMIT 1").fetchone()
    print(json.dumps({"states": rows, "events": events, "rules_with_error": errors, "first_error": first_error[0] if first_error else None}))


if __name__ == "__main__":
    cmd, *a = sys.argv[1:]
    {
        "prom-rules": lambda: cmd_prom_rules(a[0]),
        "history": lambda: cmd_history(a[0], a[1], int(a[2]), int(a[3]), a[4]),
        "post-rules": lambda: cmd_post_rules(a[0], a[1], a[2], int(a[3])),
        "wait-profiles": lambda: cmd_wait_profiles(a[0], int(a[1]), float(a[2])),
        "watch-hops": lambda: cmd_watch_hops(a[0], float(a[1]), a[2]),
        "watch-prom": lambda: cmd_watch_prom(a[0], float(a[1]), a[2]),
        "summary": lambda: cmd_summary(a[0], a[1]),
        "alerts": lambda: cmd_alerts(a[0]),
    }[cmd]()

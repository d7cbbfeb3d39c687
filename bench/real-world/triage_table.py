#!/usr/bin/env python3
"""Joins concur scan reports with the triage file by fingerprint and prints precision per check.

Usage: triage_table.py [--triage FILE] [--by-package] [--untriaged] REPORT.json...

  REPORT.json   concur's --format json reports, one per package, named PKG.json (run.sh writes
                them to WORKDIR/results/); the package is the file name without .json
  --triage F    the triage file (default: triage.tsv beside this script)
  --by-package  one table per package as well as the total
  --untriaged   list the findings that have no verdict (file:line, check, fingerprint)
  --markdown    print the per-package Markdown table of docs/real-world.md instead: TUs,
                compile-error TUs, findings and true/false/debatable per check, precision,
                wall time and peak RSS (read from PKG.time beside each report, as run.sh
                writes it)

A finding is matched by (package, fingerprint). Verdicts: true, false, debatable; anything in the
reports that the file does not know is untriaged, and triage lines whose finding is no longer
reported are counted as "gone" (a fix, or a regression to look at). Precision = true / (true +
false): debatable findings count on neither side. Exit 0, or 2 on unreadable input.
"""
import argparse
import collections
import json
import os
import re
import sys

CHECKS = ["concur-locked-callback", "concur-racy-lazy-init", "concur-shared-global-cache"]
VERDICTS = ("true", "false", "debatable")


def fail(message):
    """One line naming the input and the reason, exit 2 (bad input)."""
    print(f"triage_table.py: {message}", file=sys.stderr)
    sys.exit(2)


def read_triage(path):
    verdicts = {}  # (package, fingerprint) -> (check, verdict)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("package\t"):
                continue
            cols = line.split("\t")
            if len(cols) < 7 or cols[5] not in VERDICTS:
                fail(f"{path}:{number}: expected 7 tab-separated columns with a verdict of "
                     f"true/false/debatable")
            verdicts[(cols[0], cols[2])] = (cols[3], cols[5], cols[1])
    return verdicts


def read_report(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)["findings"]
    except (OSError, ValueError, KeyError) as e:
        fail(f"{path}: not a concur JSON report ({e})")


def table(title, counts):
    print(f"\n{title}")
    print(f"{'check':30} {'true':>5} {'false':>6} {'debat.':>6} {'untri.':>6} {'gone':>5} {'precision':>10}")
    total = collections.Counter()
    for check in CHECKS + sorted(set(counts) - set(CHECKS)):
        c = counts.get(check, collections.Counter())
        total.update(c)
        print(row(check, c))
    print(row("all", total))


def row(name, c):
    judged = c["true"] + c["false"]
    precision = f"{100.0 * c['true'] / judged:.0f}%" if judged else "-"
    return (f"{name:30} {c['true']:5} {c['false']:6} {c['debatable']:6} {c['untriaged']:6} "
            f"{c['gone']:5} {precision:>10}")


SHORT = {"concur-locked-callback": "locked-callback", "concur-racy-lazy-init": "racy-lazy-init",
         "concur-shared-global-cache": "shared-global-cache"}


def cell(c):
    """'t/f/d' for a check of one package, '-' when it printed nothing."""
    if not (c["true"] + c["false"] + c["debatable"] + c["untriaged"]):
        return "-"
    text = f"{c['true']}/{c['false']}/{c['debatable']}"
    return text + (f" (+{c['untriaged']} untriaged)" if c["untriaged"] else "")


def precision(c):
    judged = c["true"] + c["false"]
    return f"{100.0 * c['true'] / judged:.0f}%" if judged else "-"


def timing(report_path):
    """(wall seconds, peak RSS MiB) from the /usr/bin/time -v file beside a report."""
    try:
        text = open(report_path[: -len(".json")] + ".time").read()
    except OSError:
        return "", ""
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    seconds = ""
    if wall:
        h, m, sec = wall.groups()
        seconds = f"{int(h or 0) * 3600 + int(m) * 60 + float(sec):.0f}"
    return seconds, (f"{int(rss.group(1)) / 1024:.0f}" if rss else "")


def markdown(rows, overall):
    head = (["package", "version", "TUs", "compile-error TUs", "findings"] +
            [f"{SHORT[c]} t/f/d" for c in CHECKS] + [f"precision {SHORT[c]}" for c in CHECKS] +
            ["wall s", "peak RSS MiB"])
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    total_tus = total_errors = total_findings = 0
    total_wall = 0.0
    for r in rows:
        counts = r["counts"]
        print("| " + " | ".join([r["package"], r["version"], str(r["tus"]), str(r["errors"]),
                                 str(r["findings"])] +
                                [cell(counts.get(c, collections.Counter())) for c in CHECKS] +
                                [precision(counts.get(c, collections.Counter())) for c in CHECKS] +
                                [r["wall"], r["rss"]]) + " |")
        total_tus += r["tus"]
        total_errors += r["errors"]
        total_findings += r["findings"]
        total_wall += float(r["wall"] or 0)
    print("| " + " | ".join([f"**all {len(rows)}**", "", str(total_tus), str(total_errors),
                             str(total_findings)] +
                            [cell(overall.get(c, collections.Counter())) for c in CHECKS] +
                            [precision(overall.get(c, collections.Counter())) for c in CHECKS] +
                            [f"{total_wall:.0f}", ""]) + " |")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--triage", default=os.path.join(here, "triage.tsv"))
    parser.add_argument("--by-package", action="store_true")
    parser.add_argument("--untriaged", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    try:
        verdicts = read_triage(args.triage)
    except OSError as e:
        fail(f"{args.triage}: cannot read the triage file ({e.strerror})")
    overall = collections.defaultdict(collections.Counter)
    per_package = {}
    untriaged = []
    rows = []
    versions = {pkg: version for (pkg, _), (_, _, version) in verdicts.items()}
    try:  # packages without findings have their version only in packages.tsv
        with open(os.path.join(here, "packages.tsv"), encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 1 and not line.startswith(("#", "package\t")):
                    versions.setdefault(cols[0], cols[1])
    except OSError:
        pass
    for path in args.reports:
        package = os.path.basename(path)[: -len(".json")] if path.endswith(".json") else path
        counts = collections.defaultdict(collections.Counter)
        seen = set()
        for finding in read_report(path):
            key = (package, finding.get("fingerprint", ""))
            seen.add(key)
            check = finding["check"]
            verdict = verdicts.get(key, (check, "untriaged", ""))[1]
            counts[check][verdict] += 1
            if verdict == "untriaged":
                untriaged.append(f"{package}\t{finding['file']}:{finding['line']}\t{check}\t{key[1]}")
        for (pkg, fingerprint), (check, _, _) in verdicts.items():
            if pkg == package and (pkg, fingerprint) not in seen:
                counts[check]["gone"] += 1
        per_package[package] = counts
        report = json.load(open(path, encoding="utf-8"))
        wall, rss = timing(path)
        rows.append({"package": package, "version": versions.get(package, ""), "counts": counts,
                     "tus": len(report.get("translationUnits", [])),
                     "errors": len(report.get("compileErrors", [])),
                     "findings": len(report["findings"]), "wall": wall, "rss": rss})
        for check, c in counts.items():
            overall[check].update(c)

    if args.markdown:
        markdown(rows, overall)
        return 0
    if args.by_package:
        for package, counts in sorted(per_package.items()):
            table(package, counts)
    table(f"all packages ({len(per_package)})", overall)
    if args.untriaged and untriaged:
        print("\nuntriaged findings:")
        print("\n".join(untriaged))
    return 0


if __name__ == "__main__":
    sys.exit(main())

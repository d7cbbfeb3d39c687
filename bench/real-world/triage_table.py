#!/usr/bin/env python3
"""Joins concur scan reports with the triage file by fingerprint and prints precision per check.

Usage: triage_table.py [--triage FILE] [--by-package] [--untriaged] [--gone] [--markdown]
                       [--update-seen] (REPORT.json... | --run LABEL=DIR...)

  REPORT.json   concur's --format json reports, one per package, named PKG.json (run.sh writes
                them to WORKDIR/results/); the package is the file name without .json. They
                form one run, labelled by --label (default: the reports' concur version)
  --run L=DIR   a run labelled L: every PKG.json in DIR. Repeat to compare runs side by side,
                oldest first (e.g. --run v1=results-v1 --run v2=results)
  --triage F    the triage file (default: triage.tsv beside this script)
  --by-package  one table per package as well as the total
  --untriaged   list the findings that have no verdict (run, file:line, check, fingerprint)
  --gone        list the triage lines an earlier run reported and this run does not, with their
                verdict: a gone `true` line is a recall regression
  --markdown    print Markdown instead: the per-package table of docs/real-world.md for each run
                (TUs, compile-error TUs, findings and true/false/debatable per check, precision,
                wall time and peak RSS, read from PKG.time beside each report as run.sh writes
                it), then, with several runs, precision per check side by side and per package
                side by side (findings, t/f/d, precision, true lines gone)
  --update-seen rewrite the `seen` column of the triage file from the runs given: the labels of
                the runs that report each line (labels of other runs, and of runs that did not
                scan the line's package, are kept)

A finding is matched by (package, fingerprint). Verdicts: true, false, debatable; anything in the
reports that the file does not know is untriaged. The optional 8th column, seen, lists the labels
of the runs that reported the line (comma-separated). A triage line that a run does not report is
"gone" in that run when an earlier run (or, without a seen column, any run) reported it: a fix,
or a regression to look at. Precision = true / (true + false): debatable findings count on
neither side. Exit 0, or 2 on bad input.
"""
import argparse
import collections
import glob
import json
import os
import re
import sys

# concur 0.1.0 had the first three; the project-wide analyzer (issue 9) adds the next two, and
# concur-self-deadlock came with v22.
CHECKS = ["concur-locked-callback", "concur-racy-lazy-init", "concur-shared-global-cache",
          "concur-blocking-in-task", "concur-lock-across-suspend",
          "concur-self-deadlock"]
VERDICTS = ("true", "false", "debatable")
COLUMNS = ("true", "false", "debatable", "untriaged", "gone")
SHORT = {c: c[len("concur-"):] for c in CHECKS}


def fail(message):
    """One line naming the input and the reason, exit 2 (bad input)."""
    print(f"triage_table.py: {message}", file=sys.stderr)
    sys.exit(2)


class TriageLine:
    def __init__(self, cols):
        self.package, self.version, self.fingerprint, self.check = cols[:4]
        self.location, self.verdict, self.reason = cols[4:7]
        self.seen = [s for s in cols[7].split(",") if s] if len(cols) > 7 else None


def read_triage(path):
    """(lines in file order, {(package, fingerprint): TriageLine})."""
    lines, by_key = [], {}
    with open(path, encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            text = text.rstrip("\n")
            if not text or text.startswith("#") or text.startswith("package\t"):
                lines.append(text)
                continue
            cols = text.split("\t")
            if len(cols) not in (7, 8) or cols[5] not in VERDICTS:
                fail(f"{path}:{number}: expected 7 or 8 tab-separated columns with a verdict of "
                     f"true/false/debatable")
            line = TriageLine(cols)
            if (line.package, line.fingerprint) in by_key:
                fail(f"{path}:{number}: fingerprint {line.fingerprint} of {line.package} twice")
            by_key[(line.package, line.fingerprint)] = line
            lines.append(line)
    return lines, by_key


def read_report(path):
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        report["findings"]
        return report
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"{path}: not a concur JSON report ({e})")


class Run:
    """The reports of one concur version, one per package."""

    def __init__(self, label, paths):
        self.label = label
        self.reports = {}  # package -> (path, report)
        for path in paths:
            if not path.endswith(".json"):
                fail(f"{path}: a report must be named PKG.json")
            self.reports[os.path.basename(path)[: -len(".json")]] = (path, read_report(path))
        if not self.reports:
            fail(f"run {label}: no PKG.json reports")

    def fingerprints(self, package):
        return {f.get("fingerprint", "") for f in self.reports[package][1]["findings"]}


def tally(run, later_labels, by_key):
    """{package: {check: Counter}}, untriaged findings, gone triage lines, for one run."""
    per_package, untriaged, gone = {}, [], []
    for package, (_, report) in sorted(run.reports.items()):
        counts = collections.defaultdict(collections.Counter)
        seen = set()
        for finding in report["findings"]:
            key = (package, finding.get("fingerprint", ""))
            seen.add(key)
            line = by_key.get(key)
            verdict = line.verdict if line else "untriaged"
            counts[finding["check"]][verdict] += 1
            if not line:
                untriaged.append(f"{run.label}\t{package}\t{finding['file']}:{finding['line']}\t"
                                 f"{finding['check']}\t{key[1]}")
        for key, line in by_key.items():
            if key[0] != package or key in seen:
                continue
            earlier = line.seen is None or not line.seen or \
                any(label not in later_labels for label in line.seen)
            if earlier:
                counts[line.check]["gone"] += 1
                if line.verdict == "true":
                    counts[line.check]["gone_true"] += 1
                gone.append(line)
        per_package[package] = counts
    return per_package, untriaged, gone


def precision(c):
    judged = c["true"] + c["false"]
    return f"{100.0 * c['true'] / judged:.0f}%" if judged else "-"


def checks_of(*count_maps):
    extra = sorted({check for counts in count_maps if counts for check in counts} - set(CHECKS))
    return CHECKS + extra


def text_table(title, labels, count_maps):
    """Plain text, runs side by side: per run true/false/debatable/untriaged/gone/precision."""
    print(f"\n{title}")
    block = " ".join(f"{h:>5}" for h in ("true", "false", "debat", "untri", "gone", "prec"))
    width = len(block)
    print(f"{'':28} " + " | ".join(f"{label:^{width}}" for label in labels))
    print(f"{'check':28} " + " | ".join(block for _ in labels))
    totals = [collections.Counter() for _ in labels]
    for check in checks_of(*count_maps):
        cells = []
        for i, counts in enumerate(count_maps):
            if counts is None:  # the run did not scan this package
                cells.append(f"{'(not scanned)':^{width}}")
                continue
            c = counts.get(check, collections.Counter())
            totals[i].update(c)
            cells.append(cell_text(c))
        print(f"{check:28} " + " | ".join(cells))
    print(f"{'all':28} " + " | ".join(cell_text(t) if m is not None else f"{'':{width}}"
                                      for t, m in zip(totals, count_maps)))


def cell_text(c):
    return " ".join(f"{c[k]:5}" for k in COLUMNS) + f" {precision(c):>5}"


def summed(per_package):
    total = collections.defaultdict(collections.Counter)
    for counts in per_package.values():
        for check, c in counts.items():
            total[check].update(c)
    return total


def cell_md(c):
    """'t/f/d' for a check of one package, '-' when it printed nothing."""
    if not (c["true"] + c["false"] + c["debatable"] + c["untriaged"]):
        return "-"
    text = f"{c['true']}/{c['false']}/{c['debatable']}"
    return text + (f" (+{c['untriaged']} untriaged)" if c["untriaged"] else "")


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


def markdown_packages(run, per_package, versions, checks):
    """The per-package table of one run."""
    project = any("projectSeconds" in r for _, r in run.reports.values())
    head = (["package", "version", "TUs", "compile-error TUs", "findings"] +
            [f"{SHORT.get(c, c)} t/f/d" for c in checks] + ["precision", "wall s"] +
            (["project phase s"] if project else []) + ["peak RSS MiB"])
    print(f"\n**{run.label}**\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    tus = errors = findings = 0
    wall_total = project_total = 0.0
    for package, (path, report) in run.reports.items():
        counts = per_package[package]
        wall, rss = timing(path)
        row = [package, versions.get(package, ""), str(len(report.get("translationUnits", []))),
               str(len(report.get("compileErrors", []))), str(len(report["findings"]))]
        row += [cell_md(counts.get(c, collections.Counter())) for c in checks]
        row += [precision(sum(counts.values(), collections.Counter())), wall]
        if project:
            row.append(f"{report.get('projectSeconds', 0):.1f}")
            project_total += report.get("projectSeconds", 0)
        row.append(rss)
        print("| " + " | ".join(row) + " |")
        tus += len(report.get("translationUnits", []))
        errors += len(report.get("compileErrors", []))
        findings += len(report["findings"])
        wall_total += float(wall or 0)
    overall = summed(per_package)
    row = [f"**all {len(run.reports)}**", "", str(tus), str(errors), str(findings)]
    row += [cell_md(overall.get(c, collections.Counter())) for c in checks]
    row += [precision(sum(overall.values(), collections.Counter())), f"{wall_total:.0f}"]
    if project:
        row.append(f"{project_total:.1f}")
    row.append("")
    print("| " + " | ".join(row) + " |")


def markdown_compare(labels, count_maps, checks):
    """Precision per check, runs side by side."""
    head = ["check"] + [f"{label} {k}" for label in labels
                        for k in ("t/f/d", "untriaged", "gone", "precision")]
    print("\n| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    totals = [collections.Counter() for _ in labels]
    for check in checks + ["all"]:
        row = [check]
        for i, counts in enumerate(count_maps):
            if check == "all":
                c = totals[i]
            else:
                c = counts.get(check, collections.Counter())
                totals[i].update(c)
            row += [f"{c['true']}/{c['false']}/{c['debatable']}", str(c["untriaged"]),
                    str(c["gone"]), precision(c)]
        print("| " + " | ".join(row) + " |")


def markdown_package_compare(runs, per_run):
    """Per package, runs side by side: findings, t/f/d, precision, and true lines gone."""
    head = ["package"] + [f"{run.label} {k}" for run in runs
                          for k in ("findings", "t/f/d", "precision", "gone true")]
    print("\n| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    packages = sorted({p for per_package in per_run for p in per_package})
    for package in packages:
        row = [package]
        for run, per_package in zip(runs, per_run):
            if package not in per_package:
                row += ["(not scanned)", "", "", ""]
                continue
            c = sum(per_package[package].values(), collections.Counter())
            findings = len(run.reports[package][1]["findings"])
            row += [str(findings), f"{c['true']}/{c['false']}/{c['debatable']}", precision(c),
                    str(c["gone_true"])]
        print("| " + " | ".join(row) + " |")


def update_seen(path, lines, runs):
    """Rewrites the seen column: labels of the given runs that report each line."""
    reported = {run.label: {(p, fp) for p in run.reports for fp in run.fingerprints(p)}
                for run in runs}
    with open(path, "w", encoding="utf-8") as out:
        for line in lines:
            if isinstance(line, str):
                if line.startswith("package\t") and "\tseen" not in line:
                    line += "\tseen"
                out.write(line + "\n")
                continue
            key = (line.package, line.fingerprint)
            # A run that did not scan the package leaves its label as it was.
            rescanned = {run.label for run in runs if line.package in run.reports}
            labels = [label for label in (line.seen or []) if label not in rescanned]
            labels += [run.label for run in runs if key in reported[run.label]]
            order = {label: i for i, label in enumerate(r.label for r in runs)}
            labels.sort(key=lambda label: order.get(label, -1))
            out.write("\t".join([line.package, line.version, line.fingerprint, line.check,
                                 line.location, line.verdict, line.reason,
                                 ",".join(labels)]) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*")
    parser.add_argument("--run", action="append", default=[], metavar="LABEL=DIR")
    parser.add_argument("--label")
    parser.add_argument("--triage", default=os.path.join(here, "triage.tsv"))
    parser.add_argument("--by-package", action="store_true")
    parser.add_argument("--untriaged", action="store_true")
    parser.add_argument("--gone", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--update-seen", action="store_true")
    args = parser.parse_args()
    if bool(args.reports) == bool(args.run):
        fail("give either REPORT.json files or --run LABEL=DIR (not both, not neither)")

    try:
        lines, by_key = read_triage(args.triage)
    except OSError as e:
        fail(f"{args.triage}: cannot read the triage file ({e.strerror})")
    runs = []
    for spec in args.run:
        label, sep, directory = spec.partition("=")
        if not sep or not label or not os.path.isdir(directory):
            fail(f"--run {spec}: expected LABEL=DIR with an existing directory")
        runs.append(Run(label, sorted(glob.glob(os.path.join(directory, "*.json")))))
    if args.reports:
        first = read_report(args.reports[0])
        runs.append(Run(args.label or f"concur {first.get('version', '?')}", args.reports))
    if len({run.label for run in runs}) != len(runs):
        fail("two runs with the same label")

    if args.update_seen:
        update_seen(args.triage, lines, runs)
        lines, by_key = read_triage(args.triage)

    versions = {line.package: line.version for line in by_key.values()}
    try:  # packages without findings have their version only in packages.tsv
        with open(os.path.join(here, "packages.tsv"), encoding="utf-8") as f:
            for text in f:
                cols = text.rstrip("\n").split("\t")
                if len(cols) > 1 and not text.startswith(("#", "package\t")):
                    versions.setdefault(cols[0], cols[1])
    except OSError:
        pass

    labels = [run.label for run in runs]
    results = [tally(run, set(labels[i:]), by_key) for i, run in enumerate(runs)]
    per_run = [r[0] for r in results]
    overall = [summed(p) for p in per_run]
    checks = checks_of(*overall)

    if args.markdown:
        for run, per_package in zip(runs, per_run):
            markdown_packages(run, per_package, versions, checks)
        if len(runs) > 1:
            markdown_compare(labels, overall, checks)
            markdown_package_compare(runs, per_run)
        return 0
    if args.by_package:
        packages = sorted({p for per_package in per_run for p in per_package})
        for package in packages:
            text_table(package, labels, [p.get(package) for p in per_run])
    text_table("all packages (" + ", ".join(f"{run.label}: {len(run.reports)}" for run in runs) +
               ")", labels, overall)
    if args.untriaged:
        found = [u for r in results for u in r[1]]
        if found:
            print("\nuntriaged findings:")
            print("\n".join(found))
    if args.gone:
        for run, (_, _, gone) in zip(runs, results):
            if gone:
                print(f"\ngone in {run.label} (an earlier run reported them):")
                for line in gone:
                    print(f"{line.package}\t{line.location}\t{line.check}\t{line.verdict}\t"
                          f"{line.fingerprint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

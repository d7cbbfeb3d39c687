#include "pipeline/Fingerprint.h"
#include "pipeline/Suppressions.h"
#include "report/Reporters.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>

namespace concur::analyzer_internal {

namespace {

std::string escape(llvm::StringRef text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"css(
:root { --fg:#1d2125; --muted:#5f6b76; --line:#e3e7eb; --warn:#b35c00; --err:#b3261e; --note:#2f6fb3;
        --hl:#fff3c4; --hlnote:#e4efff; --code:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
       max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { margin-top: 32px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin-bottom: 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num { text-align: right; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--warn); border-radius: 6px;
           padding: 12px 16px; margin: 16px 0; page-break-inside: avoid; }
.finding.error { border-left-color: var(--err); } .finding.note { border-left-color: var(--note); }
.where { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; color: var(--muted); }
.sev { font-weight: 600; text-transform: uppercase; font-size: .75em; letter-spacing: .05em; margin-right: 6px; }
.warning .sev { color: var(--warn); } .error .sev { color: var(--err); } .note .sev { color: var(--note); }
.message { font-weight: 600; margin: 4px 0 8px; }
pre.src { background: var(--code); padding: 8px 0; overflow-x: auto; font-size: .85em; line-height: 1.45;
          border-radius: 4px; margin: 6px 0; white-space: pre; }
pre.src span { display: block; padding: 0 12px; }
pre.src .ln { display: inline-block; width: 4.5em; color: var(--muted); user-select: none; padding: 0; }
pre.src .primary { background: var(--hl); } pre.src .notel { background: var(--hlnote); }
ul.notes { margin: 4px 0; padding-left: 20px; } .fix { margin-top: 6px; } .fix b { color: #2e7d32; }
.doc { background: var(--code); padding: 8px 16px; border-radius: 6px; }
.doc pre { background: #fff; padding: 8px; overflow-x: auto; }
a { color: #0b57d0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  pre.src { white-space: pre-wrap; } a { color: inherit; text-decoration: none; }
  .finding { border-left-width: 3px; }
}
)css";

/// The lines of a source file, read once per report.
class SourceLines {
public:
  const llvm::SmallVector<llvm::StringRef, 0>* lines(const std::string& path) {
    auto [it, inserted] = files_.try_emplace(path);
    if (inserted) {
      auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
      if (buffer) {
        it->second.buffer = std::move(*buffer);
        it->second.buffer->getBuffer().split(it->second.lines, '\n');
        for (auto& line : it->second.lines) line = line.rtrim("\r");
      }
    }
    return it->second.buffer ? &it->second.lines : nullptr;
  }

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> buffer;
    llvm::SmallVector<llvm::StringRef, 0> lines;
  };
  std::map<std::string, File> files_;
};

/// Source lines [first, last] of `file` with the given lines highlighted.
void writeSnippet(llvm::raw_ostream& os, SourceLines& sources, const SourcePoint& at, unsigned before,
                  unsigned after, const std::set<unsigned>& primary, const std::set<unsigned>& notes) {
  const auto* lines = sources.lines(at.file);
  os << "<pre class=\"src\">";
  if (!lines || at.line == 0 || at.line > lines->size()) {
    os << fmt::format("<span class=\"primary\"><span class=\"ln\">{}</span>{}</span>", at.line,
                      escape(at.line_text));
  } else {
    const unsigned first = at.line > before ? at.line - before : 1;
    const unsigned last = std::min<unsigned>(lines->size(), at.line + after);
    for (unsigned n = first; n <= last; ++n) {
      const char* cls = primary.count(n) ? " class=\"primary\"" : notes.count(n) ? " class=\"notel\"" : "";
      os << fmt::format("<span{}><span class=\"ln\">{}</span>{}</span>", cls, n,
                        escape((*lines)[n - 1]));
    }
  }
  os << "</pre>\n";
}

/// A small Markdown subset (headings, fenced code, paragraphs, lists) for
/// the check docs embedded in the report.
void writeDoc(llvm::raw_ostream& os, std::string_view doc) {
  llvm::SmallVector<llvm::StringRef, 0> lines;
  llvm::StringRef(doc.data(), doc.size()).split(lines, '\n');
  bool inCode = false, inList = false;
  std::string paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) os << "<p>" << escape(paragraph) << "</p>\n";
    paragraph.clear();
  };
  for (llvm::StringRef line : lines) {
    if (line.starts_with("```")) {
      flush();
      os << (inCode ? "</pre>\n" : "<pre>");
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      os << escape(line) << "\n";
      continue;
    }
    const bool item = line.starts_with("- ") || line.starts_with("* ");
    if (inList && !item) {
      os << "</ul>\n";
      inList = false;
    }
    if (line.starts_with("#")) {
      flush();
      const size_t level = std::min<size_t>(line.find_first_not_of('#'), 3);
      os << fmt::format("<h{0}>{1}</h{0}>\n", level + 2, escape(line.drop_front(level).trim()));
    } else if (item) {
      flush();
      if (!inList) os << "<ul>\n";
      inList = true;
      os << "<li>" << escape(line.drop_front(2)) << "</li>\n";
    } else if (line.trim().empty()) {
      flush();
    } else {
      if (!paragraph.empty()) paragraph += ' ';
      paragraph += line.trim().str();
    }
  }
  flush();
  if (inList) os << "</ul>\n";
  if (inCode) os << "</pre>\n";
}

}  // namespace

void write_html(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings) {
  SourceLines sources;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>concur report</title>\n<style>"
     << kStyle << "</style></head><body>\n";
  os << "<h1>concur report</h1>\n";
  os << fmt::format("<div class=\"meta\">concur {} &middot; {} translation units &middot; {:.1f} s"
                    "{}</div>\n",
                    version(), result.translation_units.size(), result.wall_seconds,
                    settings.root.empty() ? "" : " &middot; " + escape(settings.root));
  os << "<p id=\"summary\"><b>" << escape(summary_line(result)) << "</b></p>\n";
  if (result.baseline_applied)
    os << fmt::format("<p>Baseline: {} known findings hidden, {} baseline entries fixed.</p>\n",
                      result.baseline_known, result.baseline_fixed);

  std::map<std::string, unsigned> perCheck;
  std::map<std::string, unsigned> perFile;
  for (const auto& finding : result.findings) {
    ++perCheck[finding.check];
    ++perFile[relative_path(finding.where.file, settings.root)];
  }
  if (!result.findings.empty()) {
    os << "<h2>Summary</h2>\n<table><tr><th>check</th><th>findings</th></tr>\n";
    for (const auto& [check, count] : perCheck)
      os << fmt::format("<tr><td><a href=\"#check-{0}\">{0}</a></td><td class=\"num\">{1}</td></tr>\n",
                        check, count);
    os << "</table>\n<table><tr><th>file</th><th>findings</th></tr>\n";
    for (const auto& [file, count] : perFile)
      os << fmt::format("<tr><td class=\"where\">{}</td><td class=\"num\">{}</td></tr>\n", escape(file),
                        count);
    os << "</table>\n";
  }

  os << "<h2>Findings</h2>\n";
  if (result.findings.empty()) os << "<p>No findings.</p>\n";
  unsigned index = 0;
  for (const auto& finding : result.findings) {
    ++index;
    const std::string path = relative_path(finding.where.file, settings.root);
    os << fmt::format("<section class=\"finding {}\" id=\"finding-{}\">\n", severity_name(finding.severity),
                      index);
    os << fmt::format("<div class=\"where\"><span class=\"sev\">{}</span>{}:{}:{} &middot; "
                      "<a href=\"#check-{}\">{}</a></div>\n",
                      severity_name(finding.severity), escape(path), finding.where.line,
                      finding.where.column, finding.check, finding.check);
    os << "<div class=\"message\">" << escape(finding.message) << "</div>\n";
    std::set<unsigned> primary{finding.where.line}, noteLines;
    for (const auto& note : finding.notes)
      if (note.where.file == finding.where.file) noteLines.insert(note.where.line);
    // Context reaches back to notes just above (the test before the creation).
    unsigned before = 3;
    for (unsigned line : noteLines)
      if (line < finding.where.line && finding.where.line - line <= 12)
        before = std::max(before, finding.where.line - line + 1);
    writeSnippet(os, sources, finding.where, before, 3, primary, noteLines);
    if (!finding.notes.empty()) {
      os << "<ul class=\"notes\">\n";
      for (const auto& note : finding.notes) {
        os << fmt::format("<li><span class=\"where\">{}:{}</span> {}\n",
                          escape(relative_path(note.where.file, settings.root)), note.where.line,
                          escape(note.message));
        const bool shown = note.where.file == finding.where.file &&
                           note.where.line + before >= finding.where.line &&
                           note.where.line <= finding.where.line + 3;
        if (!shown) writeSnippet(os, sources, note.where, 0, 0, {}, {note.where.line});
        os << "</li>\n";
      }
      os << "</ul>\n";
    }
    if (!finding.fix.empty()) os << "<div class=\"fix\"><b>Fix:</b> " << escape(finding.fix) << "</div>\n";
    os << "</section>\n";
  }

  if (!result.input_errors.empty() || !result.compile_errors.empty()) {
    os << "<h2>Inputs with problems</h2>\n<ul>\n";
    for (const auto& problem : result.input_errors) {
      const ProblemText text = problem_text(problem, settings.root);
      os << "<li>not analyzed: <span class=\"where\">" << escape(text.where) << "</span>: " << escape(text.reason)
         << "</li>\n";
    }
    for (const auto& problem : result.compile_errors) {
      const ProblemText text = problem_text(problem, settings.root);
      os << "<li>analyzed with compile errors: <span class=\"where\">" << escape(text.where)
         << "</span>: " << escape(text.reason) << "</li>\n";
    }
    os << "</ul>\n";
  }

  os << "<h2>The checks</h2>\n";
  for (const auto& check : all_checks()) {
    os << fmt::format("<section class=\"doc\" id=\"check-{}\">\n", check.id);
    writeDoc(os, check.doc);
    os << "</section>\n";
  }
  os << "</body></html>\n";
}

}  // namespace concur::analyzer_internal

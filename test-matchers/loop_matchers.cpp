// Descriptions and explanations of DoesNotBlockTheLoop and MakesNoBlockingCalls
// (the measuring halves are templates in concur/testing_loop.h).
#include "concur/testing_loop.h"

#include <map>
#include <utility>

namespace concur::testing_internal {

// ---- DoesNotBlockTheLoop

void LoopStallCheck::explain(const Result& r, std::ostream& os) const {
  if (limit.count() <= 0) {
    os << "DoesNotBlockTheLoop needs a limit of at least 1 ms (got " << limit.count() << " ms); block not run";
    return;
  }
  if (!r.observed) {
    os << "not checked: another ReactorObserver replaced concur::runtime's (set_reactor_observer), "
          "so the reactors' stalls were not seen";
    return;
  }
  if (r.stalls.empty()) {
    os << "no task ran " << limit.count() << " ms without suspending";
    return;
  }
  const char* sep = "";
  for (const LoopStall& stall : r.stalls) {
    os << sep << describe(stall) << " (limit " << limit.count() << " ms)";
    sep = ";\n";
  }
}

void LoopStallCheck::DescribeTo(std::ostream* os) const {
  *os << "does not block the loop: no task runs " << limit.count() << " ms without suspending";
}
void LoopStallCheck::DescribeNegationTo(std::ostream* os) const {
  *os << "blocks the loop: a task runs " << limit.count() << " ms without suspending";
}

// ---- MakesNoBlockingCalls

void BlockingCallCheck::explain(const Result& r, std::ostream& os) const {
  if (!r.hooked) {
    os << "not checked: the blocking functions this program calls are not concur::runtime's hooks "
          "(another library in the link interposes them)";
    return;
  }
  if (r.calls.empty() && r.dropped == 0) {
    os << "no task made a blocking call";
    return;
  }
  // The same call from the same line in the same task, once, with a count.
  std::vector<std::pair<std::string, std::size_t>> distinct;
  std::map<std::string, std::size_t> index;
  for (const BlockingCall& call : r.calls) {
    auto [it, inserted] = index.emplace(describe(call), distinct.size());
    if (inserted) distinct.emplace_back(it->first, 0);
    ++distinct[it->second].second;
  }
  const char* sep = "";
  for (auto& [text, count] : distinct) {
    if (count > 1) text.insert(text.rfind("; use "), " (" + std::to_string(count) + " times)");
    os << sep << text;
    sep = ";\n";
  }
  if (r.dropped != 0) os << sep << "(and " << r.dropped << " more, no longer kept)";
}

void BlockingCallCheck::DescribeTo(std::ostream* os) const { *os << "makes no blocking call in a reactor task"; }
void BlockingCallCheck::DescribeNegationTo(std::ostream* os) const {
  *os << "makes a blocking call in a reactor task";
}

}  // namespace concur::testing_internal

// Facts as JSON, both ways: the per-TU cache and `--shard` facts files share
// one encoding (short keys: a project's facts are read on every warm scan).
#pragma once

#include "facts/Facts.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace concur::analyzer_internal {

/// Writes a TU's facts as one JSON object.
void write_tu_facts(llvm::raw_ostream& os, const TuFacts& facts);

/// Decodes what write_tu_facts wrote; fails naming what is malformed.
llvm::Expected<TuFacts> tu_facts_from_json(const llvm::json::Value& value);

}  // namespace concur::analyzer_internal

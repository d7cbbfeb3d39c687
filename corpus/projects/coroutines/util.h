#pragma once

#include <string>

// Reads a whole file with blocking stdio; defined in util.cc.
std::string ReadWholeFile(const std::string& path);

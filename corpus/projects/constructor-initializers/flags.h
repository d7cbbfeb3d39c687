// A flag library in the shape of absl::Flag: the public class template builds its internal
// implementation in a member initializer, handing it the operations instantiated for its type.
// The implementation calls them under its lock. They are the library's own code: only the
// template stores them, through a constructor in an internal namespace.
#pragma once
#include <mutex>
#include <string>

namespace flags_internal {

using OpFn = void* (*)(int op, void* from, void* to);

// Runs one of a flag type's operations.
void* Invoke(OpFn op, int code, void* from, void* to);

template <class T>
void* TypedOps(int op, void* from, void* to) {
  if (op == 0) return new T(*static_cast<const T*>(from));
  *static_cast<T*>(to) = *static_cast<const T*>(from);
  return to;
}

class FlagImpl {
 public:
  constexpr FlagImpl(const char* name, OpFn op) : name_(name), op_(op) {}
  void Store(void* from, void* to);
  void* Clone(void* from);
  const char* name() const { return name_; }

 private:
  const char* name_;
  OpFn op_;
  std::mutex mu_;
};

}  // namespace flags_internal

namespace flags {

template <class T>
class Flag {
 public:
  explicit Flag(const char* name) : impl_(name, &flags_internal::TypedOps<T>) {}
  void Set(const T& value) { impl_.Store(const_cast<T*>(&value), &value_); }
  T* Copy() { return static_cast<T*>(impl_.Clone(&value_)); }

 private:
  flags_internal::FlagImpl impl_;
  T value_{};
};

}  // namespace flags

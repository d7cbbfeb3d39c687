/* Spin locks written with C11 atomics and GCC's __atomic builtins: with
 * Clang, atomic_flag_test_and_set and atomic_exchange are macros over
 * __c11_atomic builtins, not calls. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

typedef void (*sink_fn)(int level, const char *line);

static atomic_flag log_busy = ATOMIC_FLAG_INIT;
static sink_fn log_sink;

void log_set_sink(sink_fn sink) {
  while (atomic_flag_test_and_set(&log_busy)) {
  }
  log_sink = sink;
  atomic_flag_clear(&log_busy);
}

/* positive: the application's sink runs while the atomic_flag spin lock is taken. */
void log_write(int level, const char *line) {
  while (atomic_flag_test_and_set_explicit(&log_busy, memory_order_acquire)) {
  }
  if (log_sink) log_sink(level, line); /* expect: concur-locked-callback */
  atomic_flag_clear_explicit(&log_busy, memory_order_release);
}

/* negative: the sink is copied under the spin lock and called after it is cleared. */
void log_write_outside(int level, const char *line) {
  while (atomic_flag_test_and_set(&log_busy)) {
  }
  sink_fn sink = log_sink;
  atomic_flag_clear(&log_busy);
  if (sink) sink(level, line);
}

struct bus {
  atomic_int busy;
  sink_fn hook;
};

/* positive: an atomic_exchange spin lock on a struct's word. */
void bus_emit(struct bus *b, int level) {
  while (atomic_exchange(&b->busy, 1)) {
  }
  b->hook(level, "emit"); /* expect: concur-locked-callback */
  atomic_store(&b->busy, 0);
}

/* positive: a compare-and-swap loop from zero (atomic_compare_exchange_weak). */
void bus_emit_cas(struct bus *b, int level) {
  int expected = 0;
  while (!atomic_compare_exchange_weak(&b->busy, &expected, 1)) expected = 0;
  b->hook(level, "cas"); /* expect: concur-locked-callback */
  atomic_store_explicit(&b->busy, 0, memory_order_release);
}

/* negative: one attempt that is not spun on takes nothing for sure. */
int bus_try_emit(struct bus *b, int level) {
  if (atomic_exchange(&b->busy, 1)) return 0;
  atomic_store(&b->busy, 0);
  b->hook(level, "try");
  return 1;
}

static volatile bool gcc_busy;
static sink_fn gcc_sink;

void gcc_set_sink(sink_fn sink) { gcc_sink = sink; }

/* positive: GCC's __atomic_test_and_set / __atomic_clear. */
void gcc_emit(int level) {
  while (__atomic_test_and_set(&gcc_busy, __ATOMIC_ACQUIRE)) {
  }
  if (gcc_sink) gcc_sink(level, "gcc"); /* expect: concur-locked-callback */
  __atomic_clear(&gcc_busy, __ATOMIC_RELEASE);
}

/* negative: the hook runs after the word is set back with __atomic_store_n. */
void gcc_emit_after(struct bus *b, int level) {
  int zero = 0;
  while (!__atomic_compare_exchange_n((int *)&b->busy, &zero, 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) zero = 0;
  sink_fn hook = b->hook;
  __atomic_store_n((int *)&b->busy, 0, __ATOMIC_RELEASE);
  hook(level, "after");
}

/* negative: the hook runs before the spin lock is taken. */
void bus_emit_first(struct bus *b, int level) {
  b->hook(level, "first");
  while (atomic_exchange_explicit(&b->busy, 1, memory_order_acquire)) {
  }
  atomic_store(&b->busy, 0);
}

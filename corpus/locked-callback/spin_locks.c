/* A spin lock written by hand is a lock: a loop that spins until a
 * compare-and-swap from zero succeeds takes it (or while a test-and-set finds
 * the flag set), and the swap back to zero (or __sync_lock_release) gives it
 * back. A callback run while it is held spins forever if it re-enters. */
#include <stddef.h>

typedef void (*sl_hook)(int event);

struct sl_bus {
  volatile int busy;
  sl_hook hook;
  int events;
};

/* positive: the subscriber's hook runs while the CAS spin lock is held. */
void sl_bus_emit(struct sl_bus *bus, int event) {
  while (!__sync_bool_compare_and_swap(&bus->busy, 0, 1)) {
  }
  bus->events++;
  bus->hook(event); /* expect: concur-locked-callback */
  __sync_bool_compare_and_swap(&bus->busy, 1, 0);
}

/* negative: the hook runs after the swap back to zero. */
void sl_bus_emit_after(struct sl_bus *bus, int event) {
  while (!__sync_bool_compare_and_swap(&bus->busy, 0, 1)) {
  }
  bus->events++;
  __sync_bool_compare_and_swap(&bus->busy, 1, 0);
  bus->hook(event);
}

static volatile int sl_flag;
static sl_hook sl_logger;

/* positive: a test-and-set spin lock, held while the logger runs. */
void sl_log(int event) {
  while (__sync_lock_test_and_set(&sl_flag, 1))
    ;
  if (sl_logger) sl_logger(event); /* expect: concur-locked-callback */
  __sync_lock_release(&sl_flag);
}

/* negative: one compare-and-swap that is not spun on is an attempt, not a lock. */
int sl_try_log(int event) {
  if (!__sync_bool_compare_and_swap(&sl_flag, 0, 1)) return 0;
  __sync_lock_release(&sl_flag);
  if (sl_logger) sl_logger(event);
  return 1;
}

/* negative: the logger is set by the library's own setter; reading it under no lock is fine. */
void sl_set_logger(sl_hook hook) { sl_logger = hook; }

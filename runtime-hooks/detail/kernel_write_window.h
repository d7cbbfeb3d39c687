/* Windows for writes the kernel makes into watched pages while writer naming
 * runs (internal; C, for the system-call wrappers). */
#ifndef CONCUR_KERNEL_WRITE_WINDOW_H
#define CONCUR_KERNEL_WRITE_WINDOW_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A buffer a system call may write. */
struct concur_write_range {
  void* start;
  size_t size;
};

/* Nonzero from just before a naming arms until its pages are writable again
 * (a count of such namings): only then can a kernel write fault, so only then
 * do the wrappers open windows. Kept by writer_naming.cpp. */
extern int concur_kernel_writes_watched;

/* Whether a window may be needed now: one relaxed load. */
static inline int concur_kernel_write_window_needed(void) {
  return __atomic_load_n(&concur_kernel_writes_watched, __ATOMIC_RELAXED);
}

/* [start, start + size) of each range may be written by the kernel during
 * `call`: the watched pages among them are made writable and the write is
 * recorded. Returns the window (0: none was needed), which
 * concur_kernel_write_end closes with the same ranges. Only worth calling when
 * concur_kernel_write_window_needed(). */
unsigned long concur_kernel_write_begin(const char* call, const struct concur_write_range* ranges, int count);
void concur_kernel_write_end(unsigned long window, const struct concur_write_range* ranges, int count);

#ifdef __cplusplus
}
#endif

#endif

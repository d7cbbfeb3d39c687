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

/* [start, start + size) of each range may be written by the kernel during
 * `call`: the watched pages among them are made writable and the write is
 * recorded. Returns the window (0: none was needed), which
 * concur_kernel_write_end closes with the same ranges. Costs one relaxed load
 * when writer naming is not running. */
unsigned long concur_kernel_write_begin(const char* call, const struct concur_write_range* ranges, int count);
void concur_kernel_write_end(unsigned long window, const struct concur_write_range* ranges, int count);

#ifdef __cplusplus
}
#endif

#endif

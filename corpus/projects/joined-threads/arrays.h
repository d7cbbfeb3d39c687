/* Workers a C function keeps in an array (see arrays.c). */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

long count_hits_in_parallel(void);
long count_misses_in_parallel(int workers);
long count_lates_in_parallel(void);
long count_skips_in_parallel(int wanted);
long reset_while_counting(void);
long count_detached(void);
void publish_summary(long value);

#ifdef __cplusplus
}
#endif

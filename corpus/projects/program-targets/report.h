/* A cache server's reports, written line by line through a function the
   caller passes (a text reply, a binary reply, a dump file), as memcached's
   ADD_STAT is. The build has three targets, one directory each:
   cache-server and stats-dump are programs, libslab a library others link. */
#ifndef REPORT_H
#define REPORT_H

typedef void (*add_line_fn)(const char *key, long value, void *out);

void stats_report(add_line_fn add, void *out);
void slabs_report(add_line_fn add, void *out);
void slabs_report_unlocked(add_line_fn add, void *out);
void dump_report(add_line_fn add, void *out);

/* Hooks run when the counters are reset: the server's own (cache-server/stats.c
   defines it) and the library's (libslab defines it). */
extern void (*stats_on_reset)(void);
extern void (*slabs_on_reset)(void);
void stats_reset(void);
void slabs_reset(void);

#endif

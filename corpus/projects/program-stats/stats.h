/* A cache server's statistics: the report functions take the function that
   writes each line (a text or a binary reply), as memcached's ADD_STAT does. */
#ifndef STATS_H
#define STATS_H

#include <pthread.h>

typedef void (*add_line_fn)(const char *key, long value, void *reply);

extern pthread_mutex_t stats_lock;
extern long stats_hits, stats_misses;

void server_report(add_line_fn add, void *reply);
void slab_report(add_line_fn add, void *reply);
void reply_text_line(const char *key, long value, void *reply);
void handle_stats_command(void *reply);

#endif

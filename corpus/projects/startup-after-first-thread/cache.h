/* A cache server whose start-up goes on after its first thread (a logger):
   what start-up sets before the workers start is not shared with them yet. */
#ifndef CACHE_H
#define CACHE_H

#include <pthread.h>

extern pthread_mutex_t table_lock;
extern unsigned table_power;
extern long memory_limit;

extern pthread_mutex_t log_lock;
extern int log_verbosity;

void log_start(void);
void log_line(const char *line);

void table_init(unsigned power);
void table_grow(void);
void limits_init(long limit);
void limits_adjust(long delta);
void workers_start(int n);
void workers_join(void);
void admin_start(void);
void routes_init(int n);
void pool_prefill(void);
void pool_take(void);
void quota_from_worker(void);
void quota_from_admin(void);

#endif

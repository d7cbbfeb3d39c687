#ifndef LAYERED_HANDLERS_POOL_H
#define LAYERED_HANDLERS_POOL_H

int pool_size(void);
void pool_add(int id);
void pool_drop(int id);
void pool_flush(void);
void stats_record(int id);

#endif

// negative: includes the header; its finding belongs to the header, once.
#include "headers/lazy_pool.h"

void ReleaseA(pool::ConnectionPool& p) { p.Release(1); }

// negative: a second includer, through a different spelling of the path.
#include "headers/../headers/lazy_pool.h"

void ReleaseB(pool::ConnectionPool& p) { p.Release(2); }

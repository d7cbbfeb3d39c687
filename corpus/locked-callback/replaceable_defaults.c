/* concur-locked-callback: a function pointer whose static initializer sets it
   to a function from outside the project stands in for that function. libuv
   keeps {malloc, realloc, calloc, free} in uv__allocator until the program
   calls uv_replace_allocator: a replacement keeps free()'s contract, and free()
   calls nothing back. A hook whose default is the project's own function, or
   nothing, is the program's code and is reported. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct allocator {
  void *(*local_malloc)(size_t size);
  void (*local_free)(void *ptr);
};

static struct allocator lib_allocator = {malloc, free};

int lib_replace_allocator(void *(*malloc_func)(size_t), void (*free_func)(void *)) {
  if (!malloc_func || !free_func) return -1;
  lib_allocator.local_malloc = malloc_func;
  lib_allocator.local_free = free_func;
  return 0;
}

static void lib_free(void *ptr) { lib_allocator.local_free(ptr); }

static void default_on_error(const char *message) { fputs(message, stderr); }
static void (*lib_on_error)(const char *message) = default_on_error;
static void (*lib_on_close)(void *data);

void lib_set_error_handler(void (*handler)(const char *message)) { lib_on_error = handler; }
void lib_set_close_handler(void (*handler)(void *data)) { lib_on_close = handler; }

struct pool {
  pthread_mutex_t lock;
  void *blocks[64];
  int count;
};

void pool_release_all(struct pool *pool) {
  pthread_mutex_lock(&pool->lock);
  /* negative: lib_free calls the allocator that stands in for free(). */
  for (int i = 0; i < pool->count; ++i) lib_free(pool->blocks[i]);
  pool->count = 0;
  pthread_mutex_unlock(&pool->lock);
}

void pool_drop(struct pool *pool, int i) {
  pthread_mutex_lock(&pool->lock);
  /* negative: called directly, the stand-in for free() is still free()'s contract. */
  lib_allocator.local_free(pool->blocks[i]);
  pool->blocks[i] = pool->blocks[--pool->count];
  pthread_mutex_unlock(&pool->lock);
}

void pool_fail(struct pool *pool) {
  pthread_mutex_lock(&pool->lock);
  /* positive: the error handler defaults to the project's own function; the program may set any. */
  lib_on_error("pool exhausted"); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&pool->lock);
}

void pool_close(struct pool *pool) {
  pthread_mutex_lock(&pool->lock);
  /* positive: the close handler has no default: it is whatever the program sets. */
  if (lib_on_close) lib_on_close(pool); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&pool->lock);
}

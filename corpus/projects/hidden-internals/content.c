/* The library's public face: one lock around the mime database. */
#include <pthread.h>

#include "mime.h"

static pthread_mutex_t mime_lock = PTHREAD_MUTEX_INITIALIZER;

const char *content_type_guess(const char *name) {
  pthread_mutex_lock(&mime_lock);
  const char *type = mime_type_for_name(name);
  pthread_mutex_unlock(&mime_lock);
  return type;
}

void content_set_dirs(const char *const *dirs) {
  pthread_mutex_lock(&mime_lock);
  mime_set_dirs(dirs);
  alias_reload();
  mime_set_flags(1);
  pthread_mutex_unlock(&mime_lock);
}

/* Callbacks stored through setters: a hidden setter takes only what the library passes; an
   exported one takes what any program passes. */
#include <pthread.h>
#include <stddef.h>

#include "mime.h"

static mime_monitor_fn current_monitor;
static content_observer_fn current_observer;
static pthread_mutex_t monitor_lock = PTHREAD_MUTEX_INITIALIZER;
static int generation;

void mime_set_monitor(mime_monitor_fn monitor) { current_monitor = monitor; }
void content_set_observer(content_observer_fn observer) { current_observer = observer; }

static void count_change(const char *dir) {
  (void)dir;
  generation++;
}

void content_watch(void) { mime_set_monitor(count_change); }

void content_notify_changed(const char *dir) {
  pthread_mutex_lock(&monitor_lock);
  /* negative: mime_set_monitor is hidden, and the library only sets it to count_change. */
  if (current_monitor != NULL) current_monitor(dir);
  /* positive: content_set_observer is exported: any program's observer runs under monitor_lock. */
  if (current_observer != NULL) current_observer(generation); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&monitor_lock);
}

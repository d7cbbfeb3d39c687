/* The mime database: every function expects the caller to hold the lock of
   content.c (xdgmime in glib, called through gcontenttype.c). */
#include "mime.h"

#include <stddef.h>

static int need_reread = 1;
static int alias_generation;
static int mime_flags;

static void mime_init(void) {
  if (need_reread) {
    /* negative: every caller that runs holds mime_lock; mime_type_for_file is hidden and nothing calls it. */
    need_reread = 0;
  }
}

const char *mime_type_for_file(const char *path) {
  mime_init();
  return path ? "application/octet-stream" : NULL;
}

const char *mime_type_for_name(const char *name) {
  mime_init();
  return name ? "text/plain" : NULL;
}

static void mime_shutdown(void) __attribute__((destructor));

/* Nothing in the project calls it: it runs at exit, from the image's fini array. */
static void mime_shutdown(void) {
  /* positive: at exit, other threads may still be looking names up under mime_lock. */
  need_reread = 1; /* expect: concur-shared-global-cache */
}

void mime_set_dirs(const char *const *dirs) {
  (void)dirs;
  need_reread = 1;
}

static void alias_init(void) {
  /* positive: alias_lookup is part of the API, so a program can call it without the lock. */
  alias_generation = 0; /* expect: concur-shared-global-cache */
}

const char *alias_lookup(const char *name) {
  alias_init();
  return name;
}

void alias_reload(void) { alias_generation++; }

void mime_set_flags(int flags) { mime_flags = flags; }

/* Only the library's constructor calls it, before main and any thread. */
void mime_load_defaults(void) {
  /* negative: start-up only: the loader runs the constructor before anything else. */
  mime_flags |= 4;
}

static void mime_constructor(void) __attribute__((constructor));

static void mime_constructor(void) { mime_load_defaults(); }


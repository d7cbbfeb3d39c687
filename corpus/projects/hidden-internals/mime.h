/* The internals of a library built as a shared object: hidden from other
   shared objects, so only this project can call them (what -fvisibility=hidden
   does to every function without an export attribute). */
#pragma once

#define MIME_INTERNAL __attribute__((visibility("hidden")))

MIME_INTERNAL const char *mime_type_for_file(const char *path);
MIME_INTERNAL const char *mime_type_for_name(const char *name);
MIME_INTERNAL void mime_set_dirs(const char *const *dirs);
MIME_INTERNAL void alias_reload(void);
MIME_INTERNAL void mime_set_flags(int flags);
MIME_INTERNAL void mime_load_defaults(void);

/* Part of the library's API: any program may call it. */
const char *alias_lookup(const char *name);

/* Change notification: the library's own monitor, set through a hidden setter. */
typedef void (*mime_monitor_fn)(const char *dir);
MIME_INTERNAL void mime_set_monitor(mime_monitor_fn monitor);

/* Part of the API: a program's observer of reloads, and the notification that runs it. */
typedef void (*content_observer_fn)(int generation);
void content_set_observer(content_observer_fn observer);
void content_notify_changed(const char *dir);
void content_watch(void);

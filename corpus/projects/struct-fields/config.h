/* A program's global settings, one struct (redis's `server` style): the
   flusher thread reads some fields, the main thread switches others. */
#ifndef STRUCT_FIELDS_CONFIG_H
#define STRUCT_FIELDS_CONFIG_H

struct config {
  int verbose;
  int fsync_enabled;
  int fd;
  int quiet;
};

extern struct config g_config;

void start_flusher(void);
void stop_flusher(void);
void rewrite_log(void);
void load_quietly(void);
void print_banner(void);

#endif

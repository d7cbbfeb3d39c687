/* A daemon that starts its workers and background threads from main, and
 * stops them from main at shutdown; `probe`, a second program of the same
 * project, has a main of its own. */
#ifndef DAEMON_H
#define DAEMON_H

int sweeper_start(void);
void sweeper_stop(void);
void maintainer_start(void);
void maintainer_stop(void);
void workers_start(int n);
void workers_stop(void);
void registry_load(const char *names);
void registry_unload(void);
void registry_lookup(const char *name);
void limits_reload(long bytes);
long limits_read(void);

#endif

/* An event library the daemon links: it runs the handlers it is given on
 * its own threads. */
#ifndef EVLOOP_H
#define EVLOOP_H
#ifdef __cplusplus
extern "C" {
#endif
typedef void (*evloop_handler)(const char *key);
void evloop_on_timeout(evloop_handler handler);
#ifdef __cplusplus
}
#endif
#endif

/* A counting library, a daemon that counts on worker threads, and two test
   binaries, one directory (one build target) each: test_tally runs its cases
   one after another and starts no thread; test_stress runs them on threads.
   Neither the library nor test_tally starts a thread, so test_tally runs
   alone whatever locks it takes; test_stress's own globals are shared among
   its threads. */
#ifndef TALLY_H
#define TALLY_H

void tally_add(const char *name, long n);
long tally_get(const char *name);

#endif

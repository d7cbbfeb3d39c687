/* The C shape: two accounts of one struct type locked in a transfer. The
   lock key names the field of any account; the references say which
   accounts the thread holds. */
#include <pthread.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};

long account_balance(struct account *a) {
  long b;
  pthread_mutex_lock(&a->mu);
  b = a->balance;
  pthread_mutex_unlock(&a->mu);
  return b;
}

/* positive: both accounts are locked, and account_balance locks to->mu again. */
int account_transfer(struct account *from, struct account *to, long amount) {
  int ok = 0;
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  if (from->balance >= amount && account_balance(to) >= 0) { /* expect: concur-self-deadlock */
    from->balance -= amount;
    to->balance += amount;
    ok = 1;
  }
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
  return ok;
}

/* negative: only from->mu is held; to's balance is read under its own lock. */
int account_can_pay(struct account *from, struct account *to, long amount) {
  int ok;
  pthread_mutex_lock(&from->mu);
  ok = from->balance >= amount && account_balance(to) >= 0;
  pthread_mutex_unlock(&from->mu);
  return ok;
}

/* negative: to->mu is released before the call. */
long account_settle(struct account *from, struct account *to) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  to->balance += from->balance;
  from->balance = 0;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
  return account_balance(to);
}

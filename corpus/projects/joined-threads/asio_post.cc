// concur-shared-global-cache: Asio's free post (pool, f) hands f to the pool
// like the member form pool.post (f) (taskSubmitMethods): f runs on the pool's
// threads, not in the caller. The declarations below stand in for <boost/asio.hpp>, which CI does
// not install; concur reads only the qualified name and the arguments.
#include <mutex>
#include <utility>
#include <vector>

#include "joined.h"

namespace boost::asio {
class thread_pool {
public:
  explicit thread_pool(int threads);
  void join();
};
template <class Executor, class Handler>
void post(Executor& where, Handler&& handler) {
  (void)where;
  handler();  // stands in for the pool's queue: concur must not take this for the call
}
}  // namespace boost::asio

namespace asio_post {

std::vector<int> g_seen;
std::vector<int> g_kept;
std::mutex g_kept_mu;

// positive: sixteen handlers on the pool's threads append at once.
void Scan(boost::asio::thread_pool& pool) {
  for (int i = 0; i < 16; ++i)
    boost::asio::post(pool, [i] { g_seen.push_back(i); });  // expect: concur-shared-global-cache
}

// negative: the handlers take the lock every use of g_kept takes.
void Keep(boost::asio::thread_pool& pool) {
  for (int i = 0; i < 16; ++i)
    boost::asio::post(pool, [i] {
      std::lock_guard<std::mutex> hold(g_kept_mu);
      g_kept.push_back(i);
    });
}

size_t scan_with_pool() {
  boost::asio::thread_pool pool(4);
  Scan(pool);
  Keep(pool);
  pool.join();
  return g_seen.size() + g_kept.size();
}

}  // namespace asio_post

#include "listener_factory.h"

namespace user_app::reactor {

concur::TcpListener open_listener(int& line) {
  line = __LINE__ + 1;
  return concur::TcpListener::bind("127.0.0.1", 0);
}

}  // namespace user_app::reactor

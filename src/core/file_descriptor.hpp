// A file descriptor that is closed when it goes out of scope, for the pipes to
// programs that mentor runs (sendmail, the password command, hooks).
#pragma once

#include <unistd.h>

namespace mentor {

class Fd {
 public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return m_fd; }
  void reset() {
    if (m_fd >= 0) close(m_fd);
    m_fd = -1;
  }

 private:
  int m_fd;
};

}  // namespace mentor

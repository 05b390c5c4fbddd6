#include "test_support.hpp"

#include <atomic>
#include <exception>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <doctest/doctest.h>

namespace mentor::test {

namespace {

std::atomic<bool> g_current_test_failed{false};

// Records whether the running test case has a failed assertion, so that a
// TempFolder can decide whether to keep its contents. doctest reports failed
// assertions to every listener, and passed ones only under --success.
struct FailureListener : doctest::IReporter {
  explicit FailureListener(const doctest::ContextOptions& /*options*/) {}

  void report_query(const doctest::QueryData& /*data*/) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& /*stats*/) override {}
  void test_case_start(const doctest::TestCaseData& /*data*/) override {
    g_current_test_failed = false;
  }
  void test_case_reenter(const doctest::TestCaseData& /*data*/) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& /*stats*/) override {}
  void test_case_exception(const doctest::TestCaseException& /*exception*/) override {
    g_current_test_failed = true;
  }
  void subcase_start(const doctest::SubcaseSignature& /*signature*/) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData& data) override {
    if (data.m_failed) g_current_test_failed = true;
  }
  void log_message(const doctest::MessageData& /*data*/) override {}
  void test_case_skipped(const doctest::TestCaseData& /*data*/) override {}
};

REGISTER_LISTENER("temp-folder-failures", 1, FailureListener);

}  // namespace

bool current_test_failed() { return g_current_test_failed; }

TempFolder::TempFolder() {
  std::random_device seed;
  std::mt19937_64 random(seed());
  const auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::ostringstream name;
    name << "mentor-unit-" << std::hex << random();
    auto candidate = base / name.str();
    if (std::filesystem::create_directory(candidate)) {
      m_path = std::move(candidate);
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary folder under " + base.string());
}

TempFolder::~TempFolder() {
  if (current_test_failed() || std::uncaught_exceptions() > 0) {
    std::cerr << "kept the temporary folder of a failed test: " << m_path.string() << '\n';
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

Person make_person(const std::string& employee_id, const std::string& department, int job_level) {
  Person person;
  person.employee_id = employee_id;
  person.name = employee_id;
  person.department = department;
  person.job_level = job_level;
  return person;
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream input(file, std::ios::binary);
  if (!input) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << input.rdbuf();
  return bytes.str();
}

void write_bytes(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream output(file, std::ios::binary | std::ios::trunc);
  output << bytes;
  if (!output) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace mentor::test

// Reports as documents of sections, rendered as text, Markdown, CSV or HTML.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mentor/text.hpp"

namespace mentor {

// Horizontal bars of rates from 0 to 1, labelled, for the picture a table lacks.
struct BarChart {
  struct Bar {
    std::string label;
    double value = 0;  // 0 to 1; drawn as a share of the full width
    std::string text;  // shown after the bar, e.g. "83.9% of 491"
  };
  std::string title;
  std::vector<Bar> bars;
};

struct ReportSection {
  std::string heading;
  std::vector<std::string> paragraphs;  // before the table
  std::optional<Table> table;
  // The table for CSV, with plain numbers, where the shown table formats them as text.
  std::optional<Table> data;
  std::optional<BarChart> chart;
  std::vector<std::string> notes;  // after the table, in smaller print where there is any
};

struct ReportDocument {
  std::string title;
  std::vector<std::string> summary;  // lines under the title
  std::vector<ReportSection> sections;
};

enum class ReportFormat { text, markdown, csv, html };

// Parses "text", "markdown", "csv" or "html". Throws UsageError for anything else.
ReportFormat parse_report_format(const std::string& name);

// Renders the document. Text is for terminals, with bold headings when `color` is set;
// Markdown and HTML are for people elsewhere (the HTML is one self-contained page with
// inline styles, readable in a browser and a mail client); CSV contains each section's
// table (its `data` table where it has one), one after another, with the section heading
// as a row before each header.
std::string render_report(const ReportDocument& document, ReportFormat format, bool color = false);

}  // namespace mentor

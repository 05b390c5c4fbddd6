#include "mentor/report_format.hpp"

#include <cmath>

#include <fmt/format.h>

#include "mentor/csv_reader.hpp"
#include "mentor/errors.hpp"

namespace mentor {

namespace {

constexpr std::size_t k_bar_width = 24;

std::string text_bar(double value) {
  const double clamped = std::min(1.0, std::max(0.0, value));
  const auto filled = static_cast<std::size_t>(std::lround(clamped * k_bar_width));
  std::string bar;
  for (std::size_t i = 0; i < k_bar_width; ++i) bar += i < filled ? "\u2588" : "\u00b7";
  return bar;
}

constexpr std::size_t k_text_width = 100;

// Escapes `text` and breaks it at spaces into lines of at most k_text_width columns
// (a longer word stays whole), each ending in a line break.
std::string wrap_text(const std::string& text) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  const std::string escaped = escape_control(text);
  while (start <= escaped.size()) {
    auto end = escaped.find(' ', start);
    if (end == std::string::npos) end = escaped.size();
    const std::string word = escaped.substr(start, end - start);
    if (!line.empty() && display_width(line) + 1 + display_width(word) > k_text_width) {
      out += line + "\n";
      line.clear();
    }
    line += line.empty() ? word : " " + word;
    start = end + 1;
  }
  return out + line + "\n";
}

std::string render_text(const ReportDocument& document, bool color) {
  const auto heading = [color](const std::string& text) {
    return color ? fmt::format("\033[1m{}\033[0m", escape_control(text)) : escape_control(text);
  };
  std::string out = heading(document.title) + "\n";
  for (const auto& line : document.summary) out += wrap_text(line);
  for (const auto& section : document.sections) {
    out += "\n" + heading(section.heading) + "\n";
    for (const auto& paragraph : section.paragraphs) out += wrap_text(paragraph);
    if (section.table && !section.table->rows.empty()) out += render_table(*section.table);
    if (section.chart) {
      if (!section.chart->title.empty()) out += escape_control(section.chart->title) + "\n";
      std::size_t label_width = 0;
      for (const auto& bar : section.chart->bars) {
        label_width = std::max(label_width, display_width(escape_control(bar.label)));
      }
      for (const auto& bar : section.chart->bars) {
        const auto label = escape_control(bar.label);
        out += label + std::string(label_width - display_width(label), ' ') + "  " +
               text_bar(bar.value) + "  " + escape_control(bar.text) + "\n";
      }
    }
    for (const auto& note : section.notes) out += wrap_text(note);
  }
  return out;
}

// Escapes the characters Markdown gives a meaning to in a table cell.
std::string markdown_cell(const std::string& text) {
  std::string out;
  for (const char c : escape_control(text)) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<' || c == '[') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string render_markdown(const ReportDocument& document) {
  std::string out = "# " + markdown_cell(document.title) + "\n\n";
  for (const auto& line : document.summary) out += markdown_cell(line) + "  \n";
  for (const auto& section : document.sections) {
    out += "\n## " + markdown_cell(section.heading) + "\n\n";
    for (const auto& paragraph : section.paragraphs) out += markdown_cell(paragraph) + "\n\n";
    if (section.table && !section.table->rows.empty()) {
      const auto& table = *section.table;
      std::string header = "|";
      std::string rule = "|";
      for (std::size_t c = 0; c < table.headers.size(); ++c) {
        header += " " + markdown_cell(table.headers[c]) + " |";
        const bool right = c < table.right_aligned.size() && table.right_aligned[c];
        rule += right ? " ---: |" : " --- |";
      }
      out += header + "\n" + rule + "\n";
      for (const auto& row : table.rows) {
        std::string line = "|";
        for (std::size_t c = 0; c < table.headers.size(); ++c) {
          line += " " + markdown_cell(c < row.size() ? row[c] : "") + " |";
        }
        out += line + "\n";
      }
      out += "\n";
    }
    if (section.chart) {
      for (const auto& bar : section.chart->bars) {
        out += "- " + markdown_cell(bar.label) + ": `" + text_bar(bar.value) + "` " +
               markdown_cell(bar.text) + "\n";
      }
      out += "\n";
    }
    for (const auto& note : section.notes) out += "*" + markdown_cell(note) + "*\n\n";
  }
  return out;
}

std::string render_csv(const ReportDocument& document) {
  std::string out;
  for (const auto& section : document.sections) {
    const auto& table = section.data ? section.data : section.table;
    if (!table) continue;
    if (!out.empty()) out += "\n";  // a blank line between sections
    out += format_csv_row({make_formula_safe(section.heading)});
    std::vector<std::string> header;
    for (const auto& cell : table->headers) header.push_back(make_formula_safe(cell));
    out += format_csv_row(header);
    for (const auto& row : table->rows) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(make_formula_safe(cell));
      out += format_csv_row(cells);
    }
  }
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (const char c : escape_control(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Inline styles rather than a style sheet, because many mail clients drop <style>.
constexpr const char* k_cell_style = "border-bottom:1px solid #ddd;padding:4px 8px;";

std::string render_html(const ReportDocument& document) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      html_escape(document.title) +
      "</title>\n</head>\n<body style=\"font-family:sans-serif;color:#222;max-width:60em;\">\n";
  out += "<h1 style=\"font-size:1.4em;\">" + html_escape(document.title) + "</h1>\n";
  for (const auto& line : document.summary) out += "<p>" + html_escape(line) + "</p>\n";
  for (const auto& section : document.sections) {
    out += "<h2 style=\"font-size:1.15em;margin-top:1.5em;\">" + html_escape(section.heading) +
           "</h2>\n";
    for (const auto& paragraph : section.paragraphs) out += "<p>" + html_escape(paragraph) + "</p>\n";
    if (section.table && !section.table->rows.empty()) {
      const auto& table = *section.table;
      out += "<table style=\"border-collapse:collapse;\">\n<tr>";
      for (const auto& header : table.headers) {
        out += fmt::format("<th style=\"{}text-align:left;\">{}</th>", k_cell_style,
                           html_escape(header));
      }
      out += "</tr>\n";
      for (const auto& row : table.rows) {
        out += "<tr>";
        for (std::size_t c = 0; c < table.headers.size(); ++c) {
          const bool right = c < table.right_aligned.size() && table.right_aligned[c];
          out += fmt::format("<td style=\"{}text-align:{};\">{}</td>", k_cell_style,
                             right ? "right" : "left", html_escape(c < row.size() ? row[c] : ""));
        }
        out += "</tr>\n";
      }
      out += "</table>\n";
    }
    if (section.chart) {
      if (!section.chart->title.empty()) out += "<p>" + html_escape(section.chart->title) + "</p>\n";
      out += "<table style=\"border-collapse:collapse;\">\n";
      for (const auto& bar : section.chart->bars) {
        const double percent = 100 * std::min(1.0, std::max(0.0, bar.value));
        out += fmt::format(
            "<tr><td style=\"padding:2px 8px;\">{}</td><td style=\"padding:2px 8px;width:240px;\">"
            "<div style=\"background:#e8e8e8;width:240px;height:12px;\"><div "
            "style=\"background:#3b6ea5;width:{:.1f}%;height:12px;\"></div></div></td>"
            "<td style=\"padding:2px 8px;\">{}</td></tr>\n",
            html_escape(bar.label), percent, html_escape(bar.text));
      }
      out += "</table>\n";
    }
    for (const auto& note : section.notes) {
      out += "<p style=\"font-size:0.85em;color:#555;\">" + html_escape(note) + "</p>\n";
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace

ReportFormat parse_report_format(const std::string& name) {
  if (name == "text") return ReportFormat::text;
  if (name == "markdown") return ReportFormat::markdown;
  if (name == "csv") return ReportFormat::csv;
  if (name == "html") return ReportFormat::html;
  throw UsageError(fmt::format("invalid --format '{}': use text, json, csv, markdown or html",
                               name));
}

std::string render_report(const ReportDocument& document, ReportFormat format, bool color) {
  switch (format) {
    case ReportFormat::text: return render_text(document, color);
    case ReportFormat::markdown: return render_markdown(document);
    case ReportFormat::csv: return render_csv(document);
    case ReportFormat::html: return render_html(document);
  }
  return render_text(document, color);
}

}  // namespace mentor

// mentor enroll and mentor pair: put people into a program and pair them.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/pairing.hpp"
#include "mentor/programs.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

void register_enroll(CLI::App& app, Context& context) {
  struct Options {
    std::string program;
    bool mentors = false;
    bool mentees = false;
    bool peers = false;
    std::vector<std::string> ids;
    PersonFilter filter;
    std::string levels;
    std::optional<int> capacity;
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "enroll", "Enrol people in a program as mentors or mentees, by id or by filter");
  command->add_option("program", options->program, "Program name")->required();
  command->add_option("people", options->ids,
                      "People to enrol: employee id, email or a part of the name");
  auto* mentors = command->add_flag("--mentors", options->mentors, "Enrol them as mentors");
  auto* mentees = command->add_flag("--mentees", options->mentees, "Enrol them as mentees");
  auto* peers =
      command->add_flag("--peers", options->peers, "Enrol them as peers (peer programs only)");
  mentors->excludes(mentees);
  peers->excludes(mentors);
  peers->excludes(mentees);
  command->add_option("--department", options->filter.department,
                      "Enrol everyone in this department");
  command->add_option("--role", options->filter.job_role, "Enrol everyone with this job role");
  command->add_option("--level", options->levels,
                      "Enrol everyone at these job levels: 3, 3..5, 3.. or ..5");
  command->add_option("--capacity", options->capacity,
                      "Number of mentees each of these mentors takes (default: "
                      "pairing.default_capacity)");
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    if (!options->mentors && !options->mentees && !options->peers) {
      throw UsageError("say which role: add --mentors or --mentees, or --peers in a peer program");
    }
    EnrolRequest request;
    request.role = options->mentors ? Role::mentor : Role::mentee;
    request.peers = options->peers;
    // Each person may be named as everywhere else: employee id, email or part of the name.
    for (const auto& id : options->ids) {
      request.employee_ids.push_back(resolve_person(context.store(), id).employee_id);
    }
    request.capacity = options->capacity;
    request.enrolled_on = context.today();
    auto filter = options->filter;
    if (!options->levels.empty()) filter = parse_level_range(options->levels, filter);
    if (!filter.department.empty() || !filter.job_role.empty() || filter.min_level ||
        filter.max_level) {
      request.filter = filter;
    }
    if (request.employee_ids.empty() && !request.filter) {
      throw UsageError(
          "name the people to enrol: give employee ids, or a filter such as "
          "--department, --role or --level");
    }

    const Program program = require_program(context.store(), options->program);
    EnrolResult result;
    run_in_transaction(context, options->dry_run,
                       [&] { result = enrol(context.store(), program, request); });
    const std::string role{request.peers ? "peer" : to_string(request.role)};
    std::vector<HookEvent> events;
    for (const auto& id : result.added) events.push_back(person_enrolled_event(program, id, role));
    context.run_hooks(events, options->dry_run);
    if (options->json) {
      print_json({{"program", program.name},
                  {"role", role},
                  {"added", result.added},
                  {"updated", result.updated},
                  {"unchanged", result.unchanged},
                  {"dry_run", options->dry_run}});
      return;
    }
    print_text(fmt::format("{}: {} {}enrolled, {} updated, {} already enrolled\n",
                           program.name,
                           counted(result.added.size(), role, std::string(role) + "s"),
                           options->dry_run ? "would be " : "", result.updated.size(),
                           result.unchanged.size()));
  });
}

namespace {

nlohmann::json score_json(const std::vector<ScorePart>& parts) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& part : parts) {
    list.push_back({{"rule", part.rule}, {"points", part.points}, {"detail", part.detail}});
  }
  return list;
}

nlohmann::json manual_pair_json(const Pair& pair) {
  return {{"id", pair.id},
          {"mentor", pair.mentor_id},
          {"mentee", pair.mentee_id},
          {"method", pair.method},
          {"reasons", pair.reasons}};
}

nlohmann::json outcome_json(const Program& program, const Config& config,
                            const PairingOutcome& outcome) {
  nlohmann::json pairs = nlohmann::json::array();
  for (std::size_t i = 0; i < outcome.stored.size(); ++i) {
    const auto& stored = outcome.stored[i];
    const auto& proposal = outcome.plan.pairs[i];
    pairs.push_back({{"id", stored.id},
                     {"mentor", stored.mentor_id},
                     {"mentee", stored.mentee_id},
                     {"method", stored.method},
                     {"reasons", stored.reasons},
                     {"score", score_json(proposal.score)},
                     {"total", proposal.total},
                     {"trio", proposal.trio != 0}});
  }
  nlohmann::json unpaired = nlohmann::json::array();
  for (const auto& person : outcome.plan.unpaired) {
    nlohmann::json entry = {
        {"employee_id", person.employee_id}, {"role", person.role}, {"reason", person.reason}};
    // Earlier versions listed only mentees, under "mentee"; the key stays for them.
    if (person.role == "mentee") entry["mentee"] = person.employee_id;
    unpaired.push_back(std::move(entry));
  }
  nlohmann::json ended = nlohmann::json::array();
  for (const auto& pair : outcome.ended) ended.push_back(pair.id);
  return {{"program", program.name},
          {"kind", to_string(program.kind)},
          {"objective", to_string(config.pairing_for(program.name).objective)},
          {"pairs", pairs},
          {"total", outcome.plan.total},
          {"unpaired", unpaired},
          {"ended", ended}};
}

nlohmann::json graph_json(const std::vector<EligibleLink>& links) {
  nlohmann::json edges = nlohmann::json::array();
  for (const auto& link : links) edges.push_back({link.first_id, link.second_id, link.score});
  return {{"edges", edges}};
}

void print_auto_pairs(Store& store, const PairingOutcome& outcome, bool dry_run) {
  Table table{
      {"mentee", "name", "mentor", "name", "score", "why"}, {}, {false, false, false, false, true}};
  for (std::size_t i = 0; i < outcome.stored.size(); ++i) {
    const auto& pair = outcome.stored[i];
    const auto& proposal = outcome.plan.pairs[i];
    std::string why;
    for (const auto& part : proposal.score) {
      why += fmt::format("{}{} {:+} ({})", why.empty() ? "" : "; ", part.rule, part.points,
                         part.detail);
    }
    if (proposal.trio != 0) why += "; part of the trio";
    table.rows.push_back({pair.mentee_id, require_person(store, pair.mentee_id).name,
                          pair.mentor_id, require_person(store, pair.mentor_id).name,
                          std::to_string(proposal.total), why});
  }
  if (!outcome.ended.empty()) {
    print_text(fmt::format("{} active pairs {}ended for the rematch\n", outcome.ended.size(),
                             dry_run ? "would be " : ""));
  }
  if (!table.rows.empty()) std::cout << render_table(table);
  print_text(fmt::format("{} {}, total score {}\n", counted(outcome.stored.size(), "pair", "pairs"),
                         dry_run ? "would be made" : "made", outcome.plan.total));
  // Mentors without a mentee are normal in a program with spare places, so a real run
  // counts them; a dry run, which is for reviewing the plan, lists everyone left out
  // with the rule that stopped them, as --json does.
  std::size_t idle_mentors = 0;
  for (const auto& person : outcome.plan.unpaired) {
    if (person.role == "mentor" && !dry_run) {
      ++idle_mentors;
      continue;
    }
    print_text(fmt::format("{} ({}) not paired: {}\n", person.employee_id, person.role,
                           person.reason));
  }
  if (idle_mentors > 0) {
    print_text(fmt::format("{} no mentee from this run (--dry-run or --json say why)\n",
                           counted(idle_mentors, "mentor has", "mentors have")));
  }
}

void print_explanation(const PairExplanation& why) {
  const auto& a = why.first_id;
  const auto& b = why.second_id;
  if (why.already_paired) {
    print_text(fmt::format("{} and {} are already paired in this program\n", a, b));
  } else if (why.in_plan) {
    print_text(fmt::format("{} and {} are paired in the best plan\n", a, b));
  } else {
    print_text(fmt::format("{} and {} are not paired in the best plan\n", a, b));
  }
  if (why.violation) {
    print_text(fmt::format("not allowed: {} ({} rule)\n", why.violation->reason,
                             why.violation->rule));
  }
  print_text(fmt::format("their score: {}\n", describe_score(why.score, why.total)));
  print_text(fmt::format("the plan: {}, total score {}\n", counted(why.plan_pairs, "pair", "pairs"),
                         why.plan_total));
  if (why.forced_total && !why.in_plan) {
    print_text(fmt::format("pairing them anyway: at best {}, total score {}\n",
                           counted(why.forced_pairs, "pair", "pairs"), *why.forced_total));
  }
  for (const auto& id : {a, b}) {
    const auto partner = why.plan_partner.find(id);
    if (partner != why.plan_partner.end()) {
      print_text(fmt::format("{} is paired with {}\n", id, partner->second));
    } else {
      print_text(fmt::format("{} has no partner in the plan\n", id));
    }
    const auto& best = why.best_alternative.at(id);
    if (best.first.empty()) {
      print_text(fmt::format("{} has no other allowed partner\n", id));
    } else {
      print_text(fmt::format("{}'s best other partner: {} (score {})\n", id, best.first,
                               best.second));
    }
  }
}

void register_explain(CLI::App& pair_command, Context& context) {
  struct Options {
    std::string program;
    std::string a;
    std::string b;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = pair_command.add_subcommand(
      "explain", "Explain why two people are or are not paired, and their best alternatives");
  command->add_option("program", options->program, "Program name")->required();
  command->add_option("a", options->a, "The first person's employee id")->required();
  command->add_option("b", options->b, "The second person's employee id")->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const Program program = require_program(context.store(), options->program);
    const PairExplanation why =
        explain_pair(context.store(), program, context.config(), options->a, options->b);
    if (options->json) {
      nlohmann::json alternatives = nlohmann::json::object();
      for (const auto& [id, best] : why.best_alternative) {
        alternatives[id] = best.first.empty()
                               ? nlohmann::json(nullptr)
                               : nlohmann::json{{"partner", best.first}, {"total", best.second}};
      }
      print_json({{"program", program.name},
                  {"first", why.first_id},
                  {"second", why.second_id},
                  {"already_paired", why.already_paired},
                  {"in_plan", why.in_plan},
                  {"eligible", !why.violation},
                  {"violation",
                   why.violation ? nlohmann::json(why.violation->reason) : nlohmann::json(nullptr)},
                  {"score", score_json(why.score)},
                  {"total", why.total},
                  {"plan_total", why.plan_total},
                  {"plan_pairs", why.plan_pairs},
                  {"forced_total",
                   why.forced_total ? nlohmann::json(*why.forced_total) : nlohmann::json(nullptr)},
                  {"forced_pairs", why.forced_pairs},
                  {"partners", why.plan_partner},
                  {"best_alternatives", alternatives}});
      return;
    }
    print_explanation(why);
  });
}

void register_request(CLI::App& pair_command, Context& context) {
  struct Options {
    std::string program;
    MentorRequest request;
    bool against = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = pair_command.add_subcommand(
      "request", "Record a mentee's request for a mentor, or against one with --against");
  command->add_option("program", options->program, "Program name")->required();
  command->add_option("mentee", options->request.mentee_id, "The mentee's employee id")->required();
  command->add_option("mentor", options->request.mentor_id, "The mentor's employee id")->required();
  command->add_flag("--against", options->against, "The mentee asks not to have this mentor");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const Program program = require_program(store, options->program);
    MentorRequest request = options->request;
    request.wanted = !options->against;
    run_in_transaction(context, false, [&] { record_request(store, program, request); });
    if (options->json) {
      print_json({{"program", program.name},
                  {"mentee", request.mentee_id},
                  {"mentor", request.mentor_id},
                  {"wanted", request.wanted}});
      return;
    }
    print_text(fmt::format("{} asks {} {} in {}\n", request.mentee_id,
                             request.wanted ? "for" : "not to have", request.mentor_id,
                             program.name));
  });
}

}  // namespace

void register_pair(CLI::App& app, Context& context) {
  struct Options {
    std::string program;
    std::string mentor;
    std::string mentee;
    bool rematch = false;
    bool graph = false;
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "pair",
      "Pair everyone unpaired with the best pairs the program's rules allow, or one "
      "pair by hand with --mentor and --mentee");
  command->add_option("program", options->program,
                      "Program name (required unless a subcommand is given)");
  auto* mentor = command->add_option("--mentor", options->mentor, "Mentor's employee id");
  auto* mentee = command->add_option("--mentee", options->mentee, "Mentee's employee id");
  mentor->needs(mentee);
  mentee->needs(mentor);
  auto* rematch = command->add_flag("--rematch", options->rematch,
                                    "End the program's active pairs and pair everyone again");
  command
      ->add_flag("--graph", options->graph,
                 "With --json: add every allowed pair and its score (the solved graph)")
      ->excludes(rematch);
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->require_subcommand(0, 1);
  register_explain(*command, context);
  register_request(*command, context);
  command->callback([&context, options, command, mentor]() {
    if (command->get_subcommands().size() > 0) return;
    if (options->program.empty()) {
      throw UsageError("name the program to pair, e.g. 'mentor pair tl-2027'");
    }
    Store& store = context.store();
    const Program program = require_program(store, options->program);
    if (mentor->count() > 0) {
      if (options->mentor.empty() || options->mentee.empty()) {
        throw UsageError("--mentor and --mentee need employee ids, not empty values");
      }
      Pair pair;
      run_in_transaction(context, options->dry_run, [&] {
        pair = pair_manually(store, program, context.config(), options->mentor, options->mentee,
                             context.today());
      });
      context.run_hooks({pair_made_event(program, pair)}, options->dry_run);
      if (options->json) {
        print_json({{"pairs", {manual_pair_json(pair)}},
                    {"unpaired", nlohmann::json::array()},
                    {"dry_run", options->dry_run}});
        return;
      }
      print_text(fmt::format("{} {} with mentor {}: {}\n",
                               options->dry_run ? "would pair" : "paired", pair.mentee_id,
                               pair.mentor_id, pair.reasons));
      return;
    }

    PairingOutcome outcome;
    std::vector<EligibleLink> links;
    run_in_transaction(context, options->dry_run, [&] {
      if (options->graph) {
        links = eligible_links(pairing_input(store, program, context.config()));
      }
      outcome = pair_program(store, program, context.config(), context.today(), options->rematch);
    });
    std::vector<HookEvent> events;
    for (const auto& pair : outcome.ended) events.push_back(pair_ended_event(program, pair));
    for (const auto& pair : outcome.stored) events.push_back(pair_made_event(program, pair));
    context.run_hooks(events, options->dry_run);
    if (options->json) {
      nlohmann::json printed = outcome_json(program, context.config(), outcome);
      printed["dry_run"] = options->dry_run;
      if (options->graph) printed["graph"] = graph_json(links);
      print_json(printed);
      return;
    }
    print_auto_pairs(store, outcome, options->dry_run);
  });
}

}  // namespace mentor::cli

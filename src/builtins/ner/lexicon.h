#pragma once
// The `ner` tagger's word lists: closed-class words, titles, calendar and number words, units,
// and small gazetteers of places, nationalities and organisations. Keys are lower case, as
// made by append_key (text.h). The lists are general English, never tuned to one book.

#include <cstdint>
#include <optional>
#include <string_view>

#include "builtins/ner/entity.h"

namespace flow::builtins::ner {

/// What a word can be; a word may have several flags ("may": function word and month).
enum WordFlag : std::uint32_t {
  k_function = 1U << 0,   ///< closed-class words and interjections: never a name alone
  k_honorific = 1U << 1,  ///< Mr, Mrs, Dr: introduce a name, are not part of its span
  k_title = 1U << 2,      ///< King, Duchess, Captain: part of a name, mark a person
  k_address = 1U << 3,    ///< Majesty, Highness: forms of address, never entities
  k_month = 1U << 4,
  k_weekday = 1U << 5,
  k_number = 1U << 6,      ///< cardinal number words: one, twelve, hundred, dozen
  k_ordinal = 1U << 7,     ///< first, second, ... twentieth
  k_date_unit = 1U << 8,   ///< day, week, year, century (and plurals)
  k_date_word = 1U << 9,   ///< yesterday, today, tomorrow: dates by themselves
  k_time_unit = 1U << 10,  ///< hour, minute (and plurals)
  k_day_part = 1U << 11,   ///< morning, evening, night: times with a determiner
  k_time_word = 1U << 12,  ///< tonight, midnight, noon: times by themselves
  k_season = 1U << 13,
  k_length_unit = 1U << 14,  ///< inch, mile, pound, gallon...: quantities after a number
  k_currency = 1U << 15,     ///< dollar, penny, shilling...: money after a number
  k_org_head = 1U << 16,     ///< "... Foundation", "... University"
  k_fac_head = 1U << 17,     ///< "... Bridge", "... Street"
  k_gpe_head = 1U << 18,     ///< "... City", "... County"
  k_loc_head = 1U << 19,     ///< "... River", "... Mountains"
  k_event_head = 1U << 20,   ///< "... War", "... Revolution"
  k_law_head = 1U << 21,     ///< "... Act", "... Constitution"
  k_language = 1U << 22,     ///< English, French, Latin: a language after "speak", "in"...
  k_determiner = 1U << 23,   ///< the, this, that, every, any...: make "one" a pronoun
  k_modal = 1U << 24,        ///< would, can, must...: after "one" make it a pronoun
  k_document = 1U << 25,     ///< Section, License, Contents: capitalised nouns, not names
  k_holiday = 1U << 26,      ///< Christmas, Easter: dates, not names
};

/// The flags of a lower-case key, 0 for a word in no list.
std::uint32_t word_flags(std::string_view key);

/// The label of a known proper name, single word or several joined by one space
/// ("london", "new zealand", "normans"); nullopt when the gazetteer does not know it.
std::optional<Label> gazetteer_label(std::string_view phrase_key);

}  // namespace flow::builtins::ner

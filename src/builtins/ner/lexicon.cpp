#include "builtins/ner/lexicon.h"

#include <unordered_map>
#include <utility>

namespace flow::builtins::ner {
namespace {

// Word lists as space-separated literals: compact to read and to review.
struct WordList {
  std::uint32_t flags;
  std::string_view words;
};

constexpr WordList k_word_lists[] = {
    {k_function,
     "a an the and but or nor so yet for if then than when whenever while where wherever what "
     "whatever who whom whose which why how that this these those there here it its he she they "
     "we you i me him her them us my your his our their mine yours ours theirs myself yourself "
     "himself herself itself ourselves themselves i'm i'll i've i'd you're you'll you've you'd "
     "he's she's it's it'll we're we'll they're that's there's what's let's don't didn't doesn't "
     "can't won't shan't isn't wasn't aren't weren't couldn't wouldn't shouldn't mustn't haven't "
     "hasn't hadn't oh ah o alas hush hullo hello yes no not nay well now just only all some any "
     "every each either neither both none as at by in on of to from with without within into "
     "onto upon after before above below under over about against between through during since "
     "until till among around beyond near off out up down do does did be is are was were been am "
     "have has had can could may might must shall should will would please let perhaps however "
     "therefore nothing everything something anything nobody everybody somebody anybody everyone "
     "someone anyone very too also again once never always sometimes often still even ever quite "
     "rather really indeed thus hence besides meanwhile otherwise instead presently suddenly "
     "certainly surely whether though although unless because"},
    {k_determiner,
     "the this that these those every any no each some which another a an such other little "
     "large small good right wrong last only same very own whole big great"},
    {k_modal,
     "would could can can't cannot must might may should shall will won't shan't need needs "
     "does did has had is was never always only ever"},
    {k_document,
     "section sections chapter chapters part article paragraph paragraphs license licence "
     "agreement contents preface introduction appendix index volume page figure table note "
     "notes edition title author illustration release date language character encoding ebook "
     "ebooks web site website email internet trademark copyright information donations "
     "donation mission terms use end number"},
    {k_honorific, "mr mrs ms miss dr prof rev mx messrs mme mlle"},
    {k_title,
     "sir lady lord king queen prince princess duke duchess earl countess baron baroness marquis "
     "marquess viscount emperor empress czar tsar sultan pope bishop archbishop abbot father "
     "mother brother sister uncle aunt cousin grandfather grandmother grandpa grandma captain "
     "colonel general major sergeant lieutenant admiral commander president senator governor "
     "mayor judge saint st reverend dame master mistress madame monsieur signor herr frau doctor "
     "professor knave"},
    {k_address,
     "majesty majesty's highness excellency lordship ladyship honour honor worship sire madam "
     "ma'am"},
    {k_month,
     "january february march april may june july august september october november december"},
    {k_weekday, "monday tuesday wednesday thursday friday saturday sunday"},
    {k_number,
     "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
     "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
     "ninety hundred thousand million billion trillion dozen hundreds thousands millions "
     "billions dozens"},
    {k_ordinal,
     "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
     "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
     "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth "
     "millionth firstly secondly thirdly fourthly fifthly"},
    {k_date_unit,
     "day days week weeks fortnight fortnights month months year years decade decades century "
     "centuries weekend weekends"},
    {k_date_word, "yesterday today tomorrow"},
    {k_holiday, "christmas easter michaelmas whitsun whitsuntide candlemas lent advent"},
    {k_time_unit, "hour hours minute minutes seconds"},
    {k_day_part, "morning mornings afternoon afternoons evening evenings night nights"},
    {k_time_word, "tonight midnight noon"},
    {k_season, "spring summer autumn winter"},
    {k_length_unit,
     "inch inches foot feet yard yards mile miles league leagues ounce ounces ton tons acre acres "
     "gallon gallons pint pints quart quarts metre metres meter meters kilometre kilometres "
     "kilometer kilometers centimetre centimetres millimetre millimetres kilogram kilograms kilo "
     "kilos gram grams degree degrees lb lbs oz kg km cm mm ft"},
    {k_currency,
     "dollar dollars cent cents penny pence shilling shillings guinea guineas pound pounds euro "
     "euros franc francs rupee rupees yen farthing farthings"},
    {k_org_head,
     "foundation company corporation corp inc ltd llc society university college institute "
     "institution association club union committee commission council parliament congress senate "
     "ministry department agency bureau bank trust fund archive archives press academy museum "
     "library hospital army navy"},
    {k_fac_head,
     "street road avenue lane square bridge tower palace castle abbey cathedral station airport "
     "gate theatre theater stadium building"},
    {k_gpe_head, "city county kingdom republic empire state states province shire"},
    {k_loc_head,
     "river sea ocean lake mountain mountains mount hill hills island islands isle isles valley "
     "forest desert bay gulf channel coast cape peninsula"},
    {k_event_head, "war battle revolution olympics"},
    {k_law_head, "act constitution treaty amendment"},
    {k_language,
     "english french german latin greek italian spanish hebrew arabic chinese japanese russian "
     "dutch portuguese"},
};

// Gazetteer entries: one label, entries separated by ",".
struct Gazetteer {
  Label label;
  std::string_view entries;
};

constexpr Gazetteer k_gazetteers[] = {
    {Label::gpe,
     "england,scotland,wales,ireland,britain,great britain,united kingdom,france,germany,italy,"
     "spain,portugal,holland,netherlands,belgium,switzerland,austria,hungary,prussia,russia,"
     "poland,sweden,norway,denmark,finland,greece,turkey,egypt,persia,india,china,japan,korea,"
     "america,united "
     "states,u.s.,u.s.a.,u.k.,usa,uk,canada,mexico,brazil,peru,chile,argentina,australia,new "
     "zealand,"
     "south africa,morocco,ethiopia,israel,iran,iraq,syria,arabia,babylon,troy,sparta,carthage,"
     "mercia,northumbria,wessex,normandy,brittany,bavaria,bohemia,london,paris,rome,berlin,"
     "vienna,madrid,lisbon,amsterdam,brussels,geneva,venice,florence,naples,milan,athens,moscow,"
     "petersburg,constantinople,jerusalem,cairo,bombay,calcutta,delhi,peking,beijing,tokyo,"
     "boston,chicago,new york,new york city,washington,philadelphia,los angeles,san francisco,"
     "salt lake city,fairbanks,oxford,cambridge,canterbury,york,edinburgh,glasgow,dublin,"
     "liverpool,manchester,birmingham,bristol,bath,dover,kent,surrey,sussex,devon,cornwall,"
     "yorkshire,lancashire,cheshire,alabama,alaska,arizona,arkansas,california,colorado,"
     "connecticut,"
     "delaware,florida,georgia,hawaii,idaho,illinois,indiana,iowa,kansas,kentucky,louisiana,"
     "maine,maryland,massachusetts,michigan,minnesota,mississippi,missouri,montana,nebraska,"
     "nevada,new hampshire,new jersey,new mexico,north carolina,north dakota,ohio,oklahoma,"
     "oregon,pennsylvania,rhode island,south carolina,south dakota,tennessee,texas,utah,vermont,"
     "virginia,west virginia,wisconsin,wyoming,hong kong,singapore"},
    {Label::loc,
     "africa,asia,europe,antarctica,arctic,antarctic,atlantic,pacific,mediterranean,sahara,alps,"
     "andes,himalayas,thames,nile,amazon,danube,rhine,north america,south america,latin america,"
     "middle east,far east,north pole,south pole,equator,antipodes"},
    {Label::norp,
     "english,englishman,englishmen,french,frenchman,frenchmen,german,germans,italian,italians,"
     "spanish,spaniard,spaniards,dutch,american,americans,british,scottish,scotch,scot,scots,"
     "irish,welsh,norman,normans,saxon,saxons,roman,romans,greek,greeks,chinese,japanese,indian,"
     "indians,russian,russians,christian,christians,jewish,jew,jews,muslim,muslims,catholic,"
     "catholics,protestant,protestants,democrat,democrats,republican,republicans,european,"
     "europeans,african,africans,asian,asians,australian,australians,canadian,canadians,"
     "mexican,mexicans,egyptian,egyptians,persian,persians,turkish,turk,turks,arab,arabs,danish,"
     "dane,danes,swedish,swede,swedes,norwegian,norwegians,polish,pole,poles,austrian,"
     "austrians,swiss,belgian,belgians,portuguese,hindu,hindus,buddhist,buddhists,anglican,"
     "methodist,methodists,puritan,puritans,tory,tories,whig,whigs,latin,hebrew,arabic"},
    {Label::org,
     "project gutenberg,project gutenberg literary archive foundation,pglaf,irs,"
     "internal revenue service,united nations,red cross,house of commons,house of lords,bbc,"
     "nasa,unesco,nato,parliament,congress,senate,scotland yard,royal society,royal navy"},
};

struct Tables {
  std::unordered_map<std::string_view, std::uint32_t> flags;
  std::unordered_map<std::string_view, Label> gazetteer;
};

template <class F>
void for_each_item(std::string_view list, char separator, F&& f) {
  while (!list.empty()) {
    std::size_t cut = list.find(separator);
    std::string_view item = list.substr(0, cut);
    if (!item.empty()) f(item);
    if (cut == std::string_view::npos) break;
    list.remove_prefix(cut + 1);
  }
}

Tables build_tables() {
  Tables tables;
  for (const WordList& list : k_word_lists) {
    for_each_item(list.words, ' ',
                  [&](std::string_view word) { tables.flags[word] |= list.flags; });
  }
  for (const Gazetteer& gazetteer : k_gazetteers) {
    for_each_item(gazetteer.entries, ',', [&](std::string_view entry) {
      tables.gazetteer.emplace(entry, gazetteer.label);  // the first list naming it wins
    });
  }
  return tables;
}

const Tables& tables() {
  static const Tables k_tables = build_tables();
  return k_tables;
}

}  // namespace

std::uint32_t word_flags(std::string_view key) {
  const auto& flags = tables().flags;
  auto found = flags.find(key);
  return found == flags.end() ? 0 : found->second;
}

std::optional<Label> gazetteer_label(std::string_view phrase_key) {
  const auto& gazetteer = tables().gazetteer;
  auto found = gazetteer.find(phrase_key);
  if (found == gazetteer.end()) return std::nullopt;
  return found->second;
}

}  // namespace flow::builtins::ner

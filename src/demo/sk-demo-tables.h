/* sk-demo-tables.h — fixed tables of the demo store: names, places, products.
 *
 * Private to src/demo/. Names carry an ASCII form for e-mail addresses and
 * user names. Every address uses a real city with a plausible postcode; all
 * e-mail domains are reserved example domains (RFC 2606 / RFC 6761).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

typedef struct
{
  const char *display;
  const char *ascii;
} SkDemoName;

typedef struct
{
  const char *city;
  const char *state;
  const char *postcode;
} SkDemoPlace;

typedef struct
{
  const char        *country;
  guint              weight;         /* share of the customers, per mille */
  const char        *phone_prefix;
  gboolean           number_first;   /* "12 High Street" rather than "Hauptstraße 12" */
  const char        *number_suffix;  /* "号" after the house number in China */
  const SkDemoName  *first_names;
  guint              n_first_names;
  const SkDemoName  *last_names;
  guint              n_last_names;
  const SkDemoPlace *places;
  guint              n_places;
  const char *const *streets;
  guint              n_streets;
} SkDemoRegion;

static const SkDemoName de_first[] = {
  { "Anna", "anna" }, { "Lukas", "lukas" }, { "Jürgen", "juergen" }, { "Sophie", "sophie" },
  { "Maximilian", "maximilian" }, { "Jörg", "joerg" }, { "Lea", "lea" }, { "Käthe", "kaethe" },
  { "Paul", "paul" }, { "Hannah", "hannah" }, { "Felix", "felix" }, { "Marie", "marie" },
};
static const SkDemoName de_last[] = {
  { "Müller", "mueller" }, { "Schmidt", "schmidt" }, { "Schneider", "schneider" },
  { "Fischer", "fischer" }, { "Weber", "weber" }, { "Becker", "becker" },
  { "Groß", "gross" }, { "Schäfer", "schaefer" }, { "Koch", "koch" }, { "Wagner", "wagner" },
};
static const SkDemoPlace de_places[] = {
  { "Berlin", "BE", "10115" }, { "München", "BY", "80331" }, { "Hamburg", "HH", "20095" },
  { "Köln", "NW", "50667" }, { "Leipzig", "SN", "04109" }, { "Freiburg im Breisgau", "BW", "79098" },
};
static const char *const de_streets[] = {
  "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee", "Am Markt",
};

static const SkDemoName fr_first[] = {
  { "Zoë", "zoe" }, { "Chloé", "chloe" }, { "Élodie", "elodie" }, { "François", "francois" },
  { "Léa", "lea" }, { "Hugo", "hugo" }, { "Camille", "camille" }, { "Jérôme", "jerome" },
};
static const SkDemoName fr_last[] = {
  { "Dubois", "dubois" }, { "Lefèvre", "lefevre" }, { "Moreau", "moreau" }, { "Girard", "girard" },
  { "Bérenger", "berenger" }, { "Roux", "roux" }, { "Garnier", "garnier" },
};
static const SkDemoPlace fr_places[] = {
  { "Paris", "", "75001" }, { "Lyon", "", "69001" }, { "Marseille", "", "13001" },
  { "Nantes", "", "44000" }, { "Besançon", "", "25000" },
};
static const char *const fr_streets[] = {
  "rue de la Paix", "avenue Victor-Hugo", "boulevard Saint-Michel", "rue des Écoles", "place de l'Église",
};

static const SkDemoName pl_first[] = {
  { "Łukasz", "lukasz" }, { "Agnieszka", "agnieszka" }, { "Katarzyna", "katarzyna" },
  { "Paweł", "pawel" }, { "Małgorzata", "malgorzata" }, { "Jakub", "jakub" }, { "Zofia", "zofia" },
};
static const SkDemoName pl_last[] = {
  { "Nowak", "nowak" }, { "Kowalski", "kowalski" }, { "Wiśniewska", "wisniewska" },
  { "Wójcik", "wojcik" }, { "Lewandowski", "lewandowski" }, { "Dąbrowska", "dabrowska" },
};
static const SkDemoPlace pl_places[] = {
  { "Warszawa", "", "00-001" }, { "Kraków", "", "30-001" }, { "Gdańsk", "", "80-001" },
  { "Wrocław", "", "50-001" }, { "Łódź", "", "90-001" },
};
static const char *const pl_streets[] = {
  "ul. Długa", "ul. Marszałkowska", "ul. Floriańska", "ul. Piotrkowska", "al. Róż",
};

static const SkDemoName es_first[] = {
  { "José", "jose" }, { "María", "maria" }, { "Lucía", "lucia" }, { "Javier", "javier" },
  { "Carmen", "carmen" }, { "Álvaro", "alvaro" }, { "Nuria", "nuria" },
};
static const SkDemoName es_last[] = {
  { "García", "garcia" }, { "Fernández", "fernandez" }, { "López", "lopez" },
  { "Martínez", "martinez" }, { "Sánchez", "sanchez" }, { "Peña", "pena" },
};
static const SkDemoPlace es_places[] = {
  { "Madrid", "M", "28001" }, { "Barcelona", "B", "08001" }, { "Sevilla", "SE", "41001" },
  { "Valencia", "V", "46001" }, { "A Coruña", "C", "15001" },
};
static const char *const es_streets[] = {
  "Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de Gràcia", "Plaza España",
};

static const SkDemoName gb_first[] = {
  { "Oliver", "oliver" }, { "Amelia", "amelia" }, { "Siobhán", "siobhan" }, { "Harry", "harry" },
  { "Chloe", "chloe" }, { "Rhys", "rhys" }, { "Isla", "isla" },
};
static const SkDemoName gb_last[] = {
  { "Smith", "smith" }, { "Jones", "jones" }, { "O'Brien", "obrien" }, { "Taylor", "taylor" },
  { "Brown", "brown" }, { "Ní Bhriain", "nibhriain" },
};
static const SkDemoPlace gb_places[] = {
  { "London", "", "SW1A 1AA" }, { "Manchester", "", "M1 1AE" }, { "Edinburgh", "", "EH1 1YZ" },
  { "Bristol", "", "BS1 4DJ" },
};
static const char *const gb_streets[] = {
  "High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane",
};

static const SkDemoName se_first[] = {
  { "Björn", "bjorn" }, { "Åsa", "asa" }, { "Linnéa", "linnea" }, { "Erik", "erik" },
  { "Ingrid", "ingrid" }, { "Göran", "goran" },
};
static const SkDemoName se_last[] = {
  { "Andersson", "andersson" }, { "Johansson", "johansson" }, { "Öberg", "oberg" },
  { "Lindqvist", "lindqvist" }, { "Nyström", "nystrom" },
};
static const SkDemoPlace se_places[] = {
  { "Stockholm", "", "111 20" }, { "Göteborg", "", "411 01" }, { "Malmö", "", "211 19" },
  { "Umeå", "", "903 26" },
};
static const char *const se_streets[] = {
  "Storgatan", "Drottninggatan", "Kungsgatan", "Östra Hamngatan",
};

static const SkDemoName cn_first[] = {
  { "伟", "wei" }, { "芳", "fang" }, { "娜", "na" }, { "磊", "lei" }, { "静", "jing" }, { "洋", "yang" },
};
static const SkDemoName cn_last[] = {
  { "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" }, { "陈", "chen" },
};
static const SkDemoPlace cn_places[] = {
  { "北京市", "CN11", "100000" }, { "上海市", "CN31", "200000" }, { "广州市", "CN44", "510000" },
};
static const char *const cn_streets[] = {
  "中山路", "人民路", "解放路", "南京东路",
};

static const SkDemoName us_first[] = {
  { "Emily", "emily" }, { "Michael", "michael" }, { "Zoë", "zoe" }, { "Darnell", "darnell" },
  { "Ava", "ava" }, { "Noah", "noah" },
};
static const SkDemoName us_last[] = {
  { "Johnson", "johnson" }, { "Williams", "williams" }, { "Nguyễn", "nguyen" },
  { "Rodríguez", "rodriguez" }, { "Miller", "miller" },
};
static const SkDemoPlace us_places[] = {
  { "New York", "NY", "10001" }, { "San Francisco", "CA", "94103" }, { "Chicago", "IL", "60601" },
  { "Austin", "TX", "78701" },
};
static const char *const us_streets[] = {
  "Main Street", "Oak Avenue", "Maple Drive", "Broadway",
};

#define REGION(cc, w, phone, nf, suffix, p) \
  { cc, w, phone, nf, suffix, p##_first, G_N_ELEMENTS (p##_first), p##_last, G_N_ELEMENTS (p##_last), \
    p##_places, G_N_ELEMENTS (p##_places), p##_streets, G_N_ELEMENTS (p##_streets) }

static const SkDemoRegion sk_demo_regions[] = {
  REGION ("DE", 350, "+49 ", FALSE, "", de),
  REGION ("FR", 120, "+33 ", TRUE, "", fr),
  REGION ("PL", 100, "+48 ", FALSE, "", pl),
  REGION ("ES", 100, "+34 ", FALSE, "", es),
  REGION ("GB", 100, "+44 ", TRUE, "", gb),
  REGION ("SE", 80, "+46 ", FALSE, "", se),
  REGION ("CN", 80, "+86 ", FALSE, "号", cn),
  REGION ("US", 70, "+1 ", TRUE, "", us),
};

#undef REGION

static const char *const sk_demo_email_domains[] = {
  "example.com", "example.org", "example.net", "mail.example",
};

static const char *const sk_demo_companies[] = {
  "Kaffeerösterei Nord GmbH", "Bureau Lumière SARL", "Zielona Filiżanka Sp. z o.o.",
  "Brew & Co Ltd", "Café Sonnenschein", "Studio Åkerlund AB",
};

typedef struct
{
  const char *name;
  const char *slug;
} SkDemoCategory;

static const SkDemoCategory sk_demo_categories[] = {
  { "Coffee beans", "coffee-beans" },
  { "Ground coffee", "ground-coffee" },
  { "Tea", "tea" },
  { "Brewing gear", "brewing-gear" },
  { "Mugs & cups", "mugs-cups" },
  { "Chocolate", "chocolate" },
  { "Books", "books" },
  { "Gift sets", "gift-sets" },
};

typedef struct
{
  const char *name;
  const char *slug;
  guint       category;
  gint64      regular_price;   /* minor units, before tax */
  gint64      sale_price;      /* 0: not on sale */
  gboolean    featured;
  gboolean    manage_stock;
} SkDemoProductDef;

static const SkDemoProductDef sk_demo_products[] = {
  { "Ethiopia Yirgacheffe 250 g", "ethiopia-yirgacheffe-250g", 0, 1290, 0, TRUE, TRUE },
  { "Guatemala Huehuetenango 250 g", "guatemala-huehuetenango-250g", 0, 1190, 0, FALSE, TRUE },
  { "Colombia Huila 250 g", "colombia-huila-250g", 0, 1090, 0, FALSE, TRUE },
  { "Kenya AA Nyeri 250 g", "kenya-aa-nyeri-250g", 0, 1390, 0, FALSE, TRUE },
  { "Brazil Santos 1 kg", "brazil-santos-1kg", 0, 2990, 0, FALSE, TRUE },
  { "Espresso Napoli 1 kg", "espresso-napoli-1kg", 0, 2790, 2490, TRUE, TRUE },
  { "Café Crème Blend 500 g", "cafe-creme-blend-500g", 0, 1590, 0, FALSE, TRUE },
  { "Sumatra Mandheling 250 g", "sumatra-mandheling-250g", 0, 1250, 0, FALSE, TRUE },
  { "Breakfast Blend, ground 250 g", "breakfast-blend-ground-250g", 1, 890, 0, FALSE, TRUE },
  { "Decaf Mexico, ground 250 g", "decaf-mexico-ground-250g", 1, 990, 0, FALSE, TRUE },
  { "Filterkaffee Klassik 500 g", "filterkaffee-klassik-500g", 1, 1190, 0, FALSE, TRUE },
  { "Mokka Türkisch, fine 250 g", "mokka-tuerkisch-fine-250g", 1, 950, 0, FALSE, TRUE },
  { "French Roast, ground 250 g", "french-roast-ground-250g", 1, 920, 0, FALSE, TRUE },
  { "Organic House Blend, ground 500 g", "organic-house-blend-ground-500g", 1, 1490, 1290, FALSE, TRUE },
  { "Cold Brew Grind 1 kg", "cold-brew-grind-1kg", 1, 2590, 0, FALSE, TRUE },
  { "Earl Grey Crème 100 g", "earl-grey-creme-100g", 2, 790, 0, FALSE, TRUE },
  { "Sencha Uji 100 g", "sencha-uji-100g", 2, 1190, 0, FALSE, TRUE },
  { "Matcha Ceremonial 30 g", "matcha-ceremonial-30g", 2, 2490, 0, TRUE, TRUE },
  { "Darjeeling First Flush 100 g", "darjeeling-first-flush-100g", 2, 1490, 0, FALSE, TRUE },
  { "Rooibos Vanille 100 g", "rooibos-vanille-100g", 2, 690, 0, FALSE, TRUE },
  { "Assam Breakfast 250 g", "assam-breakfast-250g", 2, 1090, 0, FALSE, TRUE },
  { "Jasmine Pearls 50 g", "jasmine-pearls-50g", 2, 1390, 0, FALSE, TRUE },
  { "Chai Masala 100 g", "chai-masala-100g", 2, 850, 0, FALSE, TRUE },
  { "Pour-Over Dripper V60", "pour-over-dripper-v60", 3, 2490, 0, TRUE, TRUE },
  { "Gooseneck Kettle 1 l", "gooseneck-kettle-1l", 3, 5990, 0, FALSE, TRUE },
  { "Hand Grinder, Ceramic Burr", "hand-grinder-ceramic-burr", 3, 4990, 3990, TRUE, TRUE },
  { "French Press 1 l", "french-press-1l", 3, 3490, 0, FALSE, TRUE },
  { "Moka Pot, 6 Cups", "moka-pot-6-cups", 3, 3290, 0, FALSE, TRUE },
  { "Paper Filters (100)", "paper-filters-100", 3, 590, 0, FALSE, FALSE },
  { "Digital Scale 0.1 g", "digital-scale-0-1g", 3, 2990, 0, FALSE, TRUE },
  { "Cold Brew Bottle 1 l", "cold-brew-bottle-1l", 3, 2790, 0, FALSE, TRUE },
  { "Stoneware Mug 300 ml", "stoneware-mug-300ml", 4, 1690, 0, FALSE, TRUE },
  { "Espresso Cups, Set of 2", "espresso-cups-set-of-2", 4, 1990, 0, FALSE, TRUE },
  { "Double-Wall Glass 250 ml", "double-wall-glass-250ml", 4, 1490, 0, FALSE, TRUE },
  { "Travel Mug 350 ml", "travel-mug-350ml", 4, 2490, 1990, FALSE, TRUE },
  { "Cappuccino Cup & Saucer", "cappuccino-cup-saucer", 4, 1790, 0, FALSE, TRUE },
  { "Enamel Camping Mug", "enamel-camping-mug", 4, 1290, 0, FALSE, TRUE },
  { "Latte Bowl « Café »", "latte-bowl-cafe", 4, 1590, 0, FALSE, TRUE },
  { "Dark 72 % Ecuador 80 g", "dark-72-ecuador-80g", 5, 450, 0, FALSE, TRUE },
  { "Milk Chocolate Hazelnut 100 g", "milk-chocolate-hazelnut-100g", 5, 390, 0, FALSE, TRUE },
  { "Drinking Chocolate 250 g", "drinking-chocolate-250g", 5, 990, 0, FALSE, TRUE },
  { "Coffee Beans in Chocolate 150 g", "coffee-beans-in-chocolate-150g", 5, 690, 0, FALSE, TRUE },
  { "Salted Caramel Bar 80 g", "salted-caramel-bar-80g", 5, 420, 0, FALSE, TRUE },
  { "Ruby Chocolate 80 g", "ruby-chocolate-80g", 5, 490, 0, FALSE, TRUE },
  { "Pralinen-Mischung 200 g", "pralinen-mischung-200g", 5, 1490, 0, FALSE, TRUE },
  { "The World Atlas of Coffee", "the-world-atlas-of-coffee", 6, 3490, 0, FALSE, TRUE },
  { "The Tea Book", "the-tea-book", 6, 2490, 0, FALSE, TRUE },
  { "Espresso Basics", "espresso-basics", 6, 1990, 0, FALSE, TRUE },
  { "Kaffee: Eine Weltgeschichte", "kaffee-eine-weltgeschichte", 6, 2400, 0, FALSE, TRUE },
  { "Barista Handbook", "barista-handbook", 6, 2990, 0, FALSE, TRUE },
  { "茶经 (The Classic of Tea)", "the-classic-of-tea", 6, 1890, 0, FALSE, TRUE },
  { "Latte Art Step by Step", "latte-art-step-by-step", 6, 2190, 0, FALSE, TRUE },
  { "Discovery Box: 4 Origins", "discovery-box-4-origins", 7, 3990, 0, TRUE, TRUE },
  { "Tea Lover's Gift Box", "tea-lovers-gift-box", 7, 3490, 0, FALSE, TRUE },
  { "Espresso Starter Set", "espresso-starter-set", 7, 8990, 7990, TRUE, TRUE },
  { "Christmas Coffee Calendar", "christmas-coffee-calendar", 7, 4990, 0, FALSE, TRUE },
  { "Chocolate & Coffee Pairing Box", "chocolate-coffee-pairing-box", 7, 2990, 0, FALSE, TRUE },
  { "Gift Card €25", "gift-card-25", 7, 2500, 0, FALSE, FALSE },
  { "Gift Card €50", "gift-card-50", 7, 5000, 0, FALSE, FALSE },
  { "Subscription: 3 Months", "subscription-3-months", 7, 8700, 0, FALSE, FALSE },
};

static const char *const sk_demo_customer_notes[] = {
  "Please leave the parcel with the neighbour.",
  "Bitte an der Haustür abstellen, danke!",
  "Gift wrap, please — it's a present 🎁",
  "Ring twice, the bell is \"quiet\".",
  "Delivery after 5 pm please.\nThe back door is open.",
  "Proszę o fakturę VAT.",
  "请在工作日送货。",
};

static const char *const sk_demo_refund_reasons[] = {
  "Damaged in transit",
  "Wrong grind size",
  "Customer changed their mind",
  "Item out of stock",
  "Duplicate order",
};

static const char *const sk_demo_shipped_notes[] = {
  "Your order is on its way! DHL tracking number: 00340434",
  "Wir haben Ihre Bestellung versandt. Sendungsnummer: 00340434",
  "Your parcel has been handed to the carrier. Tracking number: 1Z",
};

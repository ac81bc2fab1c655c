"""Build the fill_addresses benchmark: a table of businesses whose `city` column is to be filled in.

Every row below was written by hand by an LLM helper for this project (synthetic, not collected or scraped).
This script only parses the rows, shuffles them, assigns row ids, splits train/test with a fixed seed, writes
train.csv / test.csv / README.md and then verifies the result.

    python3 bench/data/fill_addresses/make.py          # rebuild + verify
    python3 bench/data/fill_addresses/make.py --check  # verify the files on disk only

Row format in ROWS: city | name | address | phone | notes   (phone or notes may be empty)
Where the city shows up (address / notes / nowhere) is not declared here; where() measures it from the text.

Gold rule: `city` is the municipality the business is in, under its current boundaries, in one canonical local
spelling (`München`, `Zürich`, `Montréal`, `São Paulo`, `Köln`, `Genève`, `Wien`, `St. Louis`, `Washington` for
Washington, D.C.). Boroughs, districts and postal place names inside a city map to that city: Manhattan, Brooklyn,
Queens, the Bronx, Astoria and Flushing -> New York; Hollywood and Venice -> Los Angeles; North York -> Toronto;
Jamaica Plain -> Boston; Ballard -> Seattle.
"""
import csv
import io
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

SEED = 20261203
TEST_SHARE = 0.30
RARE = 3  # cities with this many rows or fewer are not split across train and test
HERE = Path(__file__).resolve().parent
COLUMNS = ["row_id", "name", "address", "phone", "notes", "city"]
FILES = ("train.csv", "test.csv", "README.md")

# Other ways a city is written that still count as "the city is in the text" (matched as whole words after
# lowercasing, stripping accents and turning punctuation into spaces, so "SAN DIEGO", "Montreal", "St Louis",
# "Zurich", "Ōsaka" need no entry here).
ALIASES = {
    "New York": ["nyc", "new york city", "manhattan", "brooklyn", "queens", "bronx", "staten island"],
    "San Francisco": ["sf", "san fran", "san fransisco"],
    "Chicago": ["chgo"],
    "Los Angeles": ["l a", "hollywood"],
    "Washington": ["dc", "d c"],
    "St. Louis": ["saint louis"],
    "Fort Worth": ["ft worth"],
    "Minneapolis": ["mpls"],
    "New Orleans": ["nola"],
    "Philadelphia": ["phila", "philly"],
    "Salt Lake City": ["slc"],
    "Portland": ["pdx"],
    "Kansas City": ["kc"],
    "Toronto": ["north york", "scarborough", "etobicoke"],
    "München": ["munich", "muenchen"],
    "Zürich": ["zuerich"],
    "Köln": ["cologne", "koeln"],
    "Genève": ["geneva", "genf"],
    "Wien": ["vienna"],
    "Rio de Janeiro": ["rio"],
    "Tokyo": ["tokio"],
}

# Country of every city outside the US (used only for the README's counts).
COUNTRY = {
    "Toronto": "Canada", "Montréal": "Canada", "Vancouver": "Canada", "Ottawa": "Canada", "Calgary": "Canada",
    "München": "Germany", "Berlin": "Germany", "Hamburg": "Germany", "Köln": "Germany", "Frankfurt": "Germany",
    "Zürich": "Switzerland", "Basel": "Switzerland", "Genève": "Switzerland", "Bern": "Switzerland",
    "Wien": "Austria", "Paris": "France", "Lyon": "France", "Marseille": "France", "Bordeaux": "France",
    "São Paulo": "Brazil", "Rio de Janeiro": "Brazil", "Belo Horizonte": "Brazil", "Curitiba": "Brazil",
    "Tokyo": "Japan", "Osaka": "Japan", "Kyoto": "Japan", "Sapporo": "Japan",
}

ROWS = """
New York | Marlow Street Dental | 245 W 72nd St, Suite 3B, New York, NY 10023 | (212) 555-0147 | Accepts most PPO plans. Evening hours on Tuesdays and Thursdays.
New York | Ferrante & Cho LLP | 1350 Avenue of the Americas, 21st Floor, New York, NY 10019 | 212-555-0112 | Immigration and employment law.
New York | Golden Crust Bakery | 88 Mulberry St, New York, NY 10013 | (212) 555-0163 | Jamaican patties and coco bread. Cash or card.
New York | Hudson Yards Fitness Club | 520 W 33rd St, New York, NY 10001 | 212.555.0190 | Day passes available at the front desk.
New York | The Orchard Hotel | 161 Orchard St, New York, NY 10002 | +1 212 555 0128 | Rooftop bar open May through October.
New York | Fulton Ferry Roasters | 45 Washington St, Brooklyn, NY 11201 | (718) 555-0102 | Roastery tours on Saturday mornings.
New York | Flushing Dumpling House | 136-20 Roosevelt Ave, Flushing, NY 11354 | 718-555-0175 | Cash only.
New York | Lenox Hill Pediatrics | 110 E 70th St, NYC 10021 | (212) 555-0139 |
New York | Fordham Family Health Center | 1 Fordham Plaza, Bronx, NY 10458 | 718.555.0121 | Walk-ins welcome until 6 pm.
New York | Penn Plaza Slice | 1 Pennsylvania Plaza, Concourse Level | (212) 555-0158 | Inside Penn Station in New York, near the LIRR exit.
New York | Bryant Park Coworking Loft | 15 W 39th St, 9th Floor |  | Flexible desks in Midtown Manhattan, two blocks from Bryant Park.
New York | Le Petit Marais | 58 Gansevoort St, 10014 | (646) 555-0181 | Steps from the High Line.
New York | Astoria Kebab House | 31-14 Broadway, Astoria, NY 11106 | 718-555-0144 | Late-night takeout until 3 am.
New York | Boston Road Auto Glass | 2110 Boston Rd, Bronx, NY 10462 | (718) 555-0166 | Mobile windshield repair across the five boroughs.
New York | Nakamura Sushi Bar | 302 E 9th St, New York, NY 10003 | 212-555-0109 | Omakase only, two seatings per night.
New York | Chelsea Pet Clinic | 214 W 23rd St, New York, NY 10011 | (212) 555-0171 | Exotic pets seen by appointment.
New York | Greenwich Frame Shop | 79 Christopher St, New York, NY 10014 | (212) 555-0115 | Custom framing, usually ready in ten days.
New York | Atlas Physical Therapy | 330 W 58th St, Ste 404, New York, NY 10019 | 212.555.0150 | Most insurance accepted. Street parking only.
New York | Harlem Soul Kitchen | 2290 Frederick Douglass Blvd, New York, NY 10027 | (212) 555-0134 | Sunday gospel brunch.
New York | Wexley & Stone Real Estate | 575 Madison Ave, New York, NY 10022 | +1 (212) 555-0187 |
New York | Tribeca Yoga Collective | 150 Franklin St, New York, NY 10013 |  | First class free for new students.
New York | Bleecker Street Books | 225 Bleecker St, New York, NY 10012 | (212) 555-0124 | Used and rare books. Open late on Fridays.
New York | Midtown Urgent Care | 855 3rd Ave, New York, NY 10022 | 212-555-0196 | No appointment needed.
New York | Hotel Lexington Arms | 511 Lexington Ave, New York, N.Y. 10017 | (212) 555-0106 |
New York | Sutton Place Dry Cleaners | 988 1st Ave, New York, NY 10022 |  | Same-day service if dropped off before 9 am.
New York | Rivera Accounting Group | 60 Broad St, Suite 1202, New York, NY 10004 | (212) 555-0141 | Tax preparation for small businesses and freelancers.
New York | Upper West Side Bagel Co. | 2380 Broadway, New York, NY 10024 | 212.555.0118 | Hand-rolled every morning; catering trays for offices.
New York | Sakura Tea House | 41 W 56th St, New York, NY 10019 | (212) 555-0177 | Matcha flights and wagashi.
New York | Columbus Circle Orthodontics | 10 Columbus Cir, Suite 5E, New York, NY 10019 | (212) 555-0153 | Invisalign provider.
New York | Ironworks Boxing Gym | 134 W 29th St, New York, NY 10001 | 646-555-0129 | Open 24 hours for members.
New York | Chinatown Herbal Pharmacy | 27 Mott St, New York, NY 10013 | (212) 555-0169 |
New York | Dumont Law Offices | 40 Wall St, 28th Fl, New York, NY 10005 | (212) 555-0103 | Criminal defense. Consultations by appointment.
New York | Gramercy Flower Market | 155 E 23rd St, New York, NY 10010 | 212-555-0182 | Same-day delivery below 96th Street.
New York | East Village Tattoo | 98 St Marks Pl, New York, NY 10009 | (646) 555-0135 | Walk-ins after 4 pm.
New York | Madison Square Eye Care | 19 E 26th St, New York, NY 10010 | (212) 555-0194 |
New York | Lower East Side Pickle Co. | 35 Essex St, New York, NY 10002 | (212) 555-0111 | Sister shop of our Philadelphia stand at Reading Terminal Market.
San Francisco | Mission Bay Dental Group | 1500 Owens St, Suite 220, San Francisco, CA 94158 | (415) 555-0132 | Accepts Delta Dental and MetLife.
San Francisco | Tartine Alley Bakery | 600 Guerrero St, San Francisco, CA 94110 | 415-555-0148 | Morning buns sell out by 10.
San Francisco | Sutter Street Law Group | 100 Sutter St, Suite 800, San Francisco, CA 94104 | (415) 555-0186 | Startup formation and venture financings.
San Francisco | Fogline Climbing Gym | 2290 Jerrold Ave, San Francisco, CA 94124 | (415) 555-0119 | Bouldering only. Shoe rental at the desk.
San Francisco | Hotel Nob Hill Crest | 1075 California St, San Francisco, CA 94108 | +1 415 555 0157 | Cable car stop at the door.
San Francisco | Hayes Street Wine Bar | 498 Hayes St, San Francisco, CA 94102 | (415) 555-0125 |
San Francisco | Golden Gate Veterinary Hospital | 3120 Clement St, San Francisco, CA 94121 | 415.555.0172 | Open weekends for urgent care.
San Francisco | Polk Gulch Cycles | 1830 Polk St, San Francisco, CA 94109 | (415) 555-0138 | Tune-ups in 48 hours.
San Francisco | Embarcadero Coworking | 4 Embarcadero Center, Lobby Level, San Francisco, CA 94111 | (415) 555-0104 | Day passes and private offices. Bike room in the garage.
San Francisco | Nihonmachi Ramen | 1737 Post St, San Francisco, CA 94115 | 415-555-0161 | In the Japan Center mall.
San Francisco | Castro Family Medicine | 4150 18th St, San Francisco, CA 94114 | (415) 555-0145 | Accepting new patients with Medi-Cal and most PPO plans.
San Francisco | Sunset Reef Aquarium Supply | 2124 Irving St, San Francisco, CA 94122 | (415) 555-0179 | Saltwater fish and corals.
San Francisco | Dogpatch Pilates | 2401 3rd St, San Francisco, CA 94107 |  | Reformer classes, max 8 per class.
San Francisco | Fillmore Jazz Supper Club | 1330 Fillmore St, San Francisco, CA 94115 | (415) 555-0116 |
San Francisco | Bayview Auto Repair | 4901 3rd St, San Francisco, CA 94124 | 415.555.0193 | Smog checks on weekdays.
San Francisco | Noe Valley Kids Dentistry | 4023 24th St, San Francisco, CA 94114 | (415) 555-0151 |
San Francisco | Chen & Alvarez, CPAs | 595 Market St, 14th Floor, San Francisco, CA 94105 | (415) 555-0107 | Bookkeeping and payroll.
San Francisco | Inner Richmond Dim Sum | 522 Clement St, San Francisco, CA 94118 | (415) 555-0183 | Cash preferred.
San Francisco | Tokyo Express Ramen | 2251 Market St, San Francisco, CA 94114 | 415-555-0142 | Tonkotsu and vegan shoyu. No reservations.
San Francisco | North Beach Focacceria | 601 Columbus Ave, San Francisco, CA 94133 | (415) 555-0126 | Family-run since 1961.
San Francisco | Marina Green Yoga | 3251 Pierce St, San Francisco, CA 94123 |  |
San Francisco | SoMa Print Lab | 1019 Howard St, San Francisco, CA 94103 | (415) 555-0164 | Large-format printing while you wait.
San Francisco | Portola Hardware | 2701 San Bruno Ave, San Francisco, CA 94134 | (415) 555-0199 | Keys cut, paint mixed.
San Francisco | Union Square Optometry | 210 Post St, Suite 512, SF, CA 94108 | (415) 555-0110 |
San Francisco | Ocean Beach Surf Shop | 3128 Noriega St, SAN FRANCISCO CA 94122 | 415-555-0167 | Wetsuit rentals by the day.
San Francisco | Ferry Building Cheese Counter | 1 Ferry Building, Shop 17 | (415) 555-0131 | At the foot of Market Street in San Francisco.
San Francisco | Potrero Hill Coffee Bar | 1600 18th St |  | Second location of the Oakland roastery, opened in San Francisco in 2021.
San Francisco | Valencia Street Taqueria | 3111 24th St, Mission District, 94110 | (415) 555-0178 | Open till 2 am on weekends.
San Francisco | Hayes Valley Florist | 520 Octavia St, San Francisco, CA 94102 | (415) 555-0114 | Weekly arrangements for offices and restaurants.
San Francisco | Inner Sunset Acupuncture | 1315 9th Ave | (415) 555-0188 | Near Golden Gate Park.
Chicago | Boston Market | 441 N State St, Chicago, IL 60654 | (312) 555-0146 |
Chicago | Wicker Park Dental Studio | 1520 N Milwaukee Ave, Chicago, IL 60622 | (773) 555-0120 | Saturday appointments available.
Chicago | Lakeshore Family Law | 180 N LaSalle St, Suite 2700, Chicago, IL 60601 | 312-555-0184 | Divorce and custody matters.
Chicago | Logan Square Bike Co-op | 2639 N Kedzie Ave, Chicago, IL 60647 |  | Volunteer nights on Wednesdays.
Chicago | Hotel Wabash | 333 S Wabash Ave, Chicago, IL 60604 | (312) 555-0137 | Steps from the Loop 'L' tracks.
Chicago | Pilsen Panadería | 1850 S Blue Island Ave, Chicago, IL 60608 | 312.555.0155 | Conchas baked fresh at 5 am.
Chicago | Andersonville Coffee House | 5244 N Clark St, Chicago, IL 60640 | (773) 555-0173 | Swedish pastries on weekends.
Chicago | Lincoln Park Physical Therapy | 2045 N Lincoln Ave, Chicago, IL 60614 | (773) 555-0113 | Sports injuries and post-surgical rehab.
Chicago | Detroit Style Pizza Bar | 1615 W Belmont Ave, Chicago, IL 60657 | 773-555-0189 | Square pies with caramelized cheese edges.
Chicago | West Loop Cowork | 1000 W Fulton Market, Chicago, IL 60607 | (312) 555-0122 | Meeting rooms bookable by the hour.
Chicago | Bronzeville Barbershop | 4301 S Martin Luther King Dr, Chicago, IL 60653 | (773) 555-0159 |
Chicago | Harper Court Books | 5311 S Lake Park Ave, Chicago, IL 60615 | (773) 555-0127 | Strong on history and philosophy.
Chicago | Gold Coast Cosmetic Surgery | 875 N Michigan Ave, Suite 3100, Chicago, IL 60611 | (312) 555-0192 | Free consultations on Mondays.
Chicago | Ukrainian Village Deli | 2234 W Chicago Ave, Chicago, IL 60622 | (773) 555-0105 | Pierogi made in house.
Chicago | River North Fitness | 415 N Dearborn St, Chicago, IL 60654 | 312-555-0168 | Personal training packages and a lap pool.
Chicago | Chinatown Square Tea | 2168 S Archer Ave, Chicago, IL 60616 | (312) 555-0140 | Loose-leaf oolong and pu-erh by weight.
Chicago | Avondale Vet Clinic | 3300 W Belmont Ave, Chicago, IL 60618 | (773) 555-0174 | Cat-only waiting room.
Chicago | Schulz & Novak Architects | 213 W Institute Pl, Suite 500, Chicago, IL 60610 |  |
Chicago | Rogers Park Laundromat | 1541 W Morse Ave, Chicago, IL 60626 | (773) 555-0108 | Drop-off service until 7 pm.
Chicago | Zurich Wealth Partners | 71 S Wacker Dr, Suite 1900, Chicago, IL 60606 | (312) 555-0130 | Fee-only financial planning.
Chicago | Bridgeport Tavern | 3159 S Halsted St, Chicago, IL 60608 | (773) 555-0152 | Cash only. Cubs and Sox games on every screen.
Chicago | Magnificent Mile Optical | 645 N Michigan Ave, CHICAGO IL 60611 | 312.555.0176 |
Chicago | Old Town Ale Works | 1529 N Wells St, Chgo, IL 60610 | (312) 555-0117 | Trivia night on Tuesdays.
Chicago | Union Station Shoe Shine | 225 S Canal St, Great Hall |  | Inside Union Station in Chicago, by the Amtrak ticket counter.
Chicago | Hyde Park Pediatric Dentistry | 1525 E 53rd St, Suite 700 | (773) 555-0165 | Near the University of Chicago campus.
Chicago | Wrigleyville Sports Bar | 3600 N Clark St, 60613 | (773) 555-0197 | Across the street from Wrigley Field.
Chicago | Loop Dry Cleaning | 29 E Madison St, IL 60602 | (312) 555-0101 | Two blocks from the Art Institute; pickup by 5 pm.
Los Angeles | Paris Baguette | 3300 W 6th St, Los Angeles, CA 90020 | (213) 555-0136 | Koreatown location. Parking validated with purchase.
Los Angeles | Silver Lake Dental Arts | 3210 Sunset Blvd, Los Angeles, CA 90026 | 323-555-0143 |
Los Angeles | Brick Wall Climbing | 1010 E 4th Pl, Los Angeles, CA 90013 | (213) 555-0189 | Auto-belay walls and a yoga room.
Los Angeles | The Olympic Park Hotel | 1020 S Olive St, Los Angeles, CA 90015 | +1 213 555 0124 | Pool deck open to non-guests on weekends.
Los Angeles | Westwood Sports Medicine | 10921 Wilshire Blvd, Suite 1100, Los Angeles, CA 90024 | (310) 555-0162 | Team physicians for several college athletic programs.
Los Angeles | Echo Park Taquería | 1712 Sunset Blvd, Los Angeles, CA 90026 | 213.555.0114 | Al pastor on weekends only.
Los Angeles | Larchmont Law Group | 5757 Wilshire Blvd, Suite 600, Los Angeles, CA 90036 | (323) 555-0170 | Entertainment and contract law.
Los Angeles | Little Tokyo Mochi Shop | 340 E 2nd St, Los Angeles, CA 90012 | (213) 555-0105 | Family-owned since 1952. Closed Tuesdays.
Los Angeles | Brentwood Pilates Studio | 11740 San Vicente Blvd, Los Angeles, CA 90049 |  | Private sessions only.
Los Angeles | Leimert Park Books | 4339 Degnan Blvd, Los Angeles, CA 90008 | (323) 555-0128 |
Los Angeles | Highland Park Bike Shop | 5600 N Figueroa St, Los Angeles, CA 90042 | (323) 555-0195 | Repairs while you wait on weekdays.
Los Angeles | Boyle Heights Family Clinic | 2000 E Cesar E Chavez Ave, Los Angeles, CA 90033 | 323-555-0156 | Se habla español.
Los Angeles | Downtown Cowork Collective | 811 W 7th St, 12th Floor, Los Angeles, CA 90017 | (213) 555-0131 |
Los Angeles | Los Feliz Vintage | 1820 N Vermont Ave, Los Angeles, CA 90027 | (323) 555-0118 | Buys and sells on Saturdays.
Los Angeles | Sawtelle Udon House | 2057 Sawtelle Blvd, Los Angeles, CA 90025 | (310) 555-0149 | Noodles cut by hand in the front window.
Los Angeles | Eagle Rock Veterinary | 2225 Colorado Blvd, Los Angeles, CA 90041 | (323) 555-0103 | Low-cost vaccine clinic on the first Saturday of each month.
Los Angeles | San Diego Fish Tacos | 3401 W Pico Blvd, Los Angeles, CA 90019 | (323) 555-0160 | Ensenada-style fish tacos.
Los Angeles | Hollywood Lens Rental | 6611 Santa Monica Blvd, Hollywood, CA 90038 | (323) 555-0186 | Camera and lens rentals by the day.
Los Angeles | Venice Ink Tattoo | 1415 Abbot Kinney Blvd, Los Angeles, CA 90291 | (310) 555-0133 | Custom work by appointment; flash walk-ins on Sundays.
Los Angeles | Crenshaw Soul Food | 3700 Crenshaw Blvd, L.A., CA 90016 | (323) 555-0177 |
Los Angeles | Grand Central Coffee Stall | 317 S Broadway, Stall C-4 |  | Inside Grand Central Market in downtown Los Angeles.
Los Angeles | Venice Beach Surf School | 2 Rose Ave, CA 90291 | (310) 555-0198 | Lessons start at the lifeguard tower by the boardwalk.
Los Angeles | Atwater Village Bakery | 3150 Glendale Blvd, 90039 | (323) 555-0109 | Near the Griffith Park entrance.
Los Angeles | Koreatown Karaoke Palace | 3465 W 8th St, Los Angeles, CA 90005 | 213-555-0150 | Rooms for up to 20 people.
Seattle | Brooklyn Bagels | 1418 4th Ave, Seattle, WA 98101 | (206) 555-0184 | Hand-rolled, boiled, then baked.
Seattle | Capitol Hill Dental | 1530 Broadway, Suite 210, Seattle, WA 98122 | 206-555-0123 | Near the light rail station.
Seattle | Elliott Bay Law PLLC | 1201 3rd Ave, Suite 2200, Seattle, WA 98101 | (206) 555-0171 | Maritime and admiralty law.
Seattle | Fremont Troll Coffee | 3500 Fremont Ave N, Seattle, WA 98103 | (206) 555-0106 | Dog-friendly patio.
Seattle | Hotel Pioneer Square | 77 Yesler Way, Seattle, WA 98104 | +1 206 555 0138 | Historic building, no elevator to the fourth floor.
Seattle | Shilshole Kayak Rentals | 7001 Seaview Ave NW, Seattle, WA 98117 | (206) 555-0152 | Open April through September.
Seattle | Beacon Hill Pho | 2600 Beacon Ave S, Seattle, WA 98144 | (206) 555-0190 | Open until 9 pm. Free parking behind the building.
Seattle | Queen Anne Pet Hospital | 1900 Queen Anne Ave N, Seattle, WA 98109 | 206.555.0115 | Boarding for cats and small dogs.
Seattle | Sodo Strength Gym | 2930 1st Ave S, Seattle, WA 98134 |  | Olympic lifting platforms. Open 5 am to 10 pm.
Seattle | Jackson Street Tea House | 615 S King St, Seattle, WA 98104 | (206) 555-0127 |
Seattle | Greenwood Record Shop | 8505 Greenwood Ave N, Seattle, WA 98103 | (206) 555-0164 | Sister shop of our Portland store.
Seattle | Columbia Tower Cowork | 701 5th Ave, 42nd Floor, Seattle, Washington 98104 | (206) 555-0102 | Views of Elliott Bay.
Seattle | Rainier Valley Auto | 4800 Rainier Ave S, SEATTLE WA 98118 | (206) 555-0146 |
Seattle | Pike Place Spice Stall | 85 Pike St, Stall 3 |  | At the Pike Place Market in Seattle, lower level.
Seattle | Ballard Fish & Chips | 2212 NW Market St, Ballard, WA 98107 | (206) 555-0117 | Halibut, cod and salmon, fried to order. Open daily from 11.
Seattle | Capitol Hill Vinyl | 1017 E Pike St, Seattle, WA 98122 | (206) 555-0160 | Used records, open late.
Boston | Back Bay Orthodontics | 465 Boylston St, Suite 300, Boston, MA 02116 | (617) 555-0141 | Braces and clear aligners for kids and adults.
Boston | North End Cannoli Shop | 300 Hanover St, Boston, MA 02113 | 617-555-0158 | Cash only. Line moves fast.
Boston | Beacon Hill Law Associates | 1 Beacon St, 15th Floor, Boston, MA 02108 | (617) 555-0180 |
Boston | Fenway Fitness Studio | 1282 Boylston St, Boston, MA 02215 | (617) 555-0112 | Closed on home game nights after 6 pm.
Boston | Harbor Point Inn | 195 Northern Ave, Boston, MA 02210 | +1 617 555 0149 | Water taxi dock across the street.
Boston | South End Bakery & Cafe | 530 Tremont St, Boston, MA 02116 | (617) 555-0103 | Brunch on weekends, no reservations.
Boston | Jamaica Plain Veterinary | 675 Centre St, Boston, MA 02130 | 617.555.0125 |
Boston | Beach Street Bubble Tea | 62 Beach St, Boston, MA 02111 | (617) 555-0193 | Taro and brown sugar boba are the bestsellers.
Boston | Seaport Coworking | 25 Drydock Ave, Boston, MA 02210 | (617) 555-0169 | Dog-friendly.
Boston | Charlestown Dental Care | 1 Thompson Sq, Boston, MA 02129 |  |
Boston | Kenmore Square Bookshop | 528 Commonwealth Ave, Boston, MA 02215 | (617) 555-0137 | Also in Providence, where the original store opened in 1987.
Boston | Downtown Crossing Shoe Repair | 34 Summer St, boston, ma 02110 | (617) 555-0174 |
Boston | Faneuil Hall Chowder Stand | 1 Faneuil Hall Sq, Quincy Market Colonnade | (617) 555-0129 | A Boston classic since 1976. Clam chowder in bread bowls.
Boston | Jamaica Plain Bike Shop | 3725 Washington St, Jamaica Plain, MA 02130 | (617) 555-0161 | Used bikes bought and sold. Near the Green Street T stop.
Austin | Chicago Deep Dish Co. | 5400 Burnet Rd, Austin, TX 78756 | (512) 555-0145 |
Austin | South Congress Boot Shop | 1400 S Congress Ave, Austin, TX 78704 | 512-555-0134 | Custom fittings by appointment.
Austin | Barton Springs Dental | 2800 S Lamar Blvd, Suite 100, Austin, TX 78704 | (512) 555-0119 | Se habla español.
Austin | East Sixth Brisket House | 1600 E 6th St, Austin, TX 78702 | (512) 555-0176 | Opens at 11, closes when the brisket runs out.
Austin | Capitol View Law Firm | 111 Congress Ave, Suite 1400, Austin, TX 78701 | (512) 555-0108 | Legislative and regulatory practice.
Austin | Mueller Family Pediatrics | 1801 E 51st St, Austin, TX 78723 | (512) 555-0153 |
Austin | Hyde Park Yoga Loft | 4500 Duval St, Austin, TX 78751 |  | Donation-based class on Sunday evenings.
Austin | Zilker Paddle Rentals | 2100 Barton Springs Rd, Austin, TX 78704 | (512) 555-0170 | Kayaks and paddleboards by the hour.
Austin | Domain Cowork Hub | 11501 Alterra Pkwy, Austin, TX 78758 | 512.555.0121 | Free parking in the garage; phone booths on every floor.
Austin | Rainey Street Taproom | 80 Rainey St, AUSTIN TX 78701 | (512) 555-0188 |
Austin | Lady Bird Lake Bike Rental | 1820 S Lakeshore Blvd | (512) 555-0130 | On the hike-and-bike trail, ten minutes from downtown Austin.
Austin | Eastside Tortillería | 2415 E Cesar Chavez St, 78702 | (512) 555-0167 | Fresh corn tortillas by the dozen.
München | Zahnarztpraxis Dr. Huber | Leopoldstraße 12, 80802 München | +49 89 3812475 | Termine nach Vereinbarung. Barrierefreier Zugang.
München | Bäckerei Wimmer | Türkenstraße 44, 80799 München | 089 2805516 | Brezn und Semmeln ab 6 Uhr. Sonntags geschlossen.
München | Hotel Isartor | Isartorplatz 3, 80331 München | +49 89 2423190 | Zentrale Lage, fünf Minuten zum Marienplatz.
München | Kanzlei Brandl & Partner | Maximilianstraße 35, 80539 München | +49 (0)89 21093340 | Arbeitsrecht und Mietrecht.
München | Fitnessstudio Kraftwerk Sendling | Plinganserstraße 68, 81369 München | 089 76703311 | Probetraining kostenlos.
München | Wiener Kaffeehaus am Gärtnerplatz | Gärtnerplatz 2, 80469 München | +49 89 2017744 |
München | Physiotherapie Haidhausen | Pariser Straße 21, 81667 München | 089 4489012 | Alle Kassen.
München | Buchhandlung Lesezeichen | Hohenzollernstraße 30, 80801 München | +49 89 3393281 | Lesungen jeden ersten Donnerstag im Monat.
München | Tierarztpraxis Nymphenburg | Romanstraße 14, 80639 München | 089/1785530 | Notdienst am Wochenende nach Absprache.
München | Coworking Werksviertel | Atelierstraße 10, 81671 München |  | Tagespässe ab 25 Euro.
München | Munich Expat Dental | Sendlinger Str. 7, 80331 Munich, Germany | +49 89 26949110 | English-speaking staff.
München | Radl-Werkstatt Glockenbach | Müllerstr. 40, 80469 Muenchen | 089 2609155 |
München | Brotzeit-Stand am Viktualienmarkt | Viktualienmarkt, Stand 18 | +49 89 2606617 | Direkt am Viktualienmarkt im Zentrum von München.
München | Schwabinger Weinstube | Hohenzollernplatz 8, 80796 | 089 3083517 | Fränkische und Pfälzer Weine, kleine Küche bis 22 Uhr.
Toronto | New York Bagel Bar | 585 Bloor St W, Toronto, ON M6G 1K5 | (416) 555-0136 |
Toronto | Queen West Dental | 722 Queen St W, Toronto, ON M6J 1E8 | 416-555-0187 | Accepting new patients.
Toronto | Kensington Market Cheese | 186 Baldwin St, Toronto, ON M5T 1L8 | (416) 555-0110 | Over 200 cheeses, many from Quebec.
Toronto | Bay Street Legal LLP | 199 Bay St, Suite 4000, Toronto, ON M5L 1A9 | (416) 555-0142 | Securities and M&A.
Toronto | The Annex Inn | 54 Madison Ave, Toronto, ON M5R 2S1 | +1 416 555 0179 | Victorian house with eight rooms.
Toronto | Leslieville Bakehouse | 1110 Queen St E, Toronto, ON M4M 1K7 | (647) 555-0133 | Sourdough on Fridays and Saturdays.
Toronto | Montréal Bagel Co. | 1208 Dundas St W, Toronto, ON M6J 1X5 | (416) 555-0116 | Wood-fired, St-Viateur style.
Toronto | Liberty Village CrossFit | 65 Jefferson Ave, Toronto, ON M6K 1Y3 |  |
Toronto | Danforth Physiotherapy | 640 Danforth Ave, Toronto, ON M4K 1R1 | (416) 555-0195 | Direct billing to most insurers.
Toronto | Yonge-Sheppard Family Clinic | 4789 Yonge St, North York, ON M2N 0G3 | (416) 555-0151 |
Toronto | Union Station Coffee Kiosk | 65 Front St W, Lower Concourse |  | In Toronto's Union Station, near the GO Transit gates.
Toronto | Ossington Oyster Bar | 102 Ossington Ave, M6J 2Z4 | (416) 555-0168 | East coast oysters, half price from 4 to 6.
Montréal | Boulangerie du Plateau | 4380 rue Saint-Denis, Montréal, QC H2J 2L1 | (514) 555-0131 | Pain au levain le samedi seulement.
Montréal | Clinique dentaire Mile End | 5450 boul. Saint-Laurent, Montréal, QC H2T 1S1 | 514-555-0172 | Urgences acceptées le jour même.
Montréal | Bistro Le Parisien | 1228 rue Sherbrooke O, Montréal, QC H3G 1H6 | (514) 555-0147 |
Montréal | Hôtel du Vieux-Port | 262 rue Saint-Paul O, Montréal, QC H2Y 2A3 | +1 514 555 0188 | Vue sur le fleuve.
Montréal | Cabinet Tremblay avocats | 1000 rue De La Gauchetière O, bureau 2100, Montréal, QC H3B 4W5 | (514) 555-0104 | Droit des affaires et droit immobilier.
Montréal | Gym Saint-Henri | 4020 rue Notre-Dame O, Montréal, QC H4C 1R1 |  | Ouvert 24 h pour les membres.
Montréal | Atwater Market Cheese Shop | 138 Atwater Ave, Montreal, QC H4C 2H6 | (514) 555-0163 |
Montréal | Librairie Côte-des-Neiges | 5219 ch. de la Côte-des-Neiges, Montréal (QC) H3T 1X8 | 514 555-0119 | Livres neufs et usagés, près de l'Université.
Montréal | Location de vélos du Canal | 2985 rue Saint-Patrick | (514) 555-0150 | Au bord du canal de Lachine, à Montréal.
Montréal | Charcuterie Lévesque | 3714 boul. Saint-Laurent, H2X 2V4 | (514) 555-0191 | Depuis 1954.
Portland | Hawthorne Bike Works | 3500 SE Hawthorne Blvd, Portland, OR 97214 | (503) 555-0139 | Custom wheel builds and fittings.
Portland | Pearl District Dental | 1010 NW Flanders St, Portland, OR 97209 | 503-555-0182 | Sedation dentistry available.
Portland | Alberta Street Bakery | 1620 NE Alberta St, Portland, OR 97211 | (503) 555-0126 |
Portland | Willamette Law Group | 121 SW Morrison St, Suite 1500, Portland, OR 97204 | (503) 555-0157 | Land use and environmental law.
Portland | The Burnside Motor Lodge | 800 E Burnside St, Portland, OR 97214 | +1 503 555 0111 |
Portland | Division Street Noodle Bar | 3300 SE Division St, Portland, OR 97202 | (503) 555-0192 | Hand-pulled noodles. Happy hour 3 to 5.
Portland | Mississippi Ave Plant Shop | 3951 N Mississippi Ave, Portland, OR 97227 | (503) 555-0140 | Our original Seattle store closed in 2020, so this is now the only location.
Portland | Sellwood Veterinary | 8031 SE 13th Ave, Portland, OR 97202 |  |
Portland | St. Johns Climbing Gym | 8835 N Lombard St, PORTLAND OR 97203 | 503.555.0103 |
Portland | Trailhead Outfitters | 2609 NW Thurman St | (503) 555-0175 | Gear shop at the edge of Forest Park in Portland.
Denver | Santa Fe Drive Gallery | 820 Santa Fe Dr, Denver, CO 80204 | (303) 555-0159 | First Friday art walks.
Denver | LoDo Dental Group | 1660 Wynkoop St, Suite 300, Denver, CO 80202 | 303-555-0113 | Walking distance from Coors Field.
Denver | Mile High Boxing | 2901 Larimer St, Denver, CO 80205 | (720) 555-0148 |
Denver | Highland Tavern & Grill | 3400 W 32nd Ave, Denver, CO 80211 | (303) 555-0185 | Rooftop patio with mountain views.
Denver | Cherry Creek Law Offices | 3000 E 1st Ave, Suite 400, Denver, CO 80206 | (303) 555-0120 | Estate planning and probate.
Denver | RiNo Coworking | 3501 Wazee St, Denver, CO 80216 |  | Bike storage and showers.
Denver | Colfax Avenue Pet Clinic | 2900 E Colfax Ave, Denver, CO 80206 | (303) 555-0166 |
Denver | Blake Street Bagel Bar | 1801 Blake St, Ste 140 | (720) 555-0102 | Two blocks from Union Station in Denver.
Denver | Sloan's Lake Paddle & Surf | 4350 W 17th Ave, Denver, CO 80204 | (303) 555-0137 | Rentals on the north shore of Sloan's Lake.
Washington | Dupont Circle Dental | 1350 Connecticut Ave NW, Suite 600, Washington, DC 20036 | (202) 555-0154 | Same-day crowns.
Washington | Capitol Hill Books & Coffee | 657 C St SE, Washington, DC 20003 | (202) 555-0128 |
Washington | Harlan & Meeks LLP | 1400 New York Ave NW, Suite 700, Washington, DC 20005 | 202-555-0195 | Government contracts and regulatory work.
Washington | Hotel on Thomas Circle | 1 Thomas Cir NW, Washington, D.C. 20005 | +1 202 555 0117 |
Washington | Adams Morgan Ethiopian Kitchen | 2420 18th St NW, Washington, DC 20009 | (202) 555-0180 | Vegetarian combo for two.
Washington | Navy Yard CrossFit | 1299 1st St SE, Washington, DC 20003 |  | Drop-ins welcome with a booked class.
Washington | U Street Jazz Lounge | 1520 U St NW, DC 20009 | (202) 555-0143 |
Washington | Eastern Market Flower Stall | 225 7th St SE, Stall 9 | (202) 555-0109 | Weekends at Eastern Market on Capitol Hill in Washington.
Washington | Georgetown Tailor Shop | 3222 M St NW, 20007 | (202) 555-0176 | Alterations in 48 hours.
Paris | Boulangerie des Martyrs | 12 rue des Martyrs, 75009 Paris | 01 48 78 12 34 | Fermé le mercredi.
Paris | Cabinet dentaire Bastille | 4 boulevard Beaumarchais, 75004 Paris | +33 1 42 72 55 18 | Consultations sur rendez-vous, secteur 1.
Paris | Hôtel du Canal Saint-Martin | 88 quai de Jemmapes, 75010 Paris | +33 1 40 37 66 02 | 22 chambres, petit-déjeuner inclus.
Paris | Bouchon Lyonnais du Marais | 19 rue de Turenne, 75004 Paris | 01 44 59 21 07 | Cuisine lyonnaise traditionnelle.
Paris | Salle de sport Oberkampf | 101 rue Oberkampf, 75011 Paris | 01 43 57 90 11 | Ouvert 7j/7 de 6h à 23h.
Paris | Librairie du Quartier Latin | 14 rue des Écoles, 75005 Paris | 01 43 54 08 76 | Livres anciens et d'occasion.
Paris | Girard & Kessler Avocats | 55 avenue Montaigne, 75008 PARIS | +33 1 53 67 40 20 | Droit des sociétés, English spoken.
Paris | Crêperie du Marché d'Aligre | Place d'Aligre |  | Le samedi et le dimanche au marché d'Aligre, dans le 12e arrondissement de Paris.
Paris | Épicerie fine Montmartre | 21 rue Lepic, 75018 | 01 42 64 31 90 | Au pied de la butte.
St. Louis | Kansas City BBQ Co. | 4200 Manchester Ave, St. Louis, MO 63110 | (314) 555-0181 | Burnt ends on Fridays.
St. Louis | Soulard Family Dentistry | 2000 S 9th St, St. Louis, MO 63104 | 314-555-0124 | Near the farmers market.
St. Louis | Central West End Books | 4715 McPherson Ave, St. Louis, MO 63108 | (314) 555-0163 |
St. Louis | Riverfront Suites | 315 Chestnut St, St. Louis, MO 63102 | +1 314 555 0105 | Free breakfast. Arch views from the upper floors.
St. Louis | The Hill Italian Bakery | 5200 Daggett Ave, St. Louis, MO 63110 | (314) 555-0149 | Toasted ravioli to go.
St. Louis | Tower Grove Yoga | 3150 Morganford Rd, Saint Louis, MO 63116 |  |
St. Louis | Cherokee Street Tattoo | 2700 Cherokee St, St. Louis, MO 63118 | (314) 555-0132 | Walk-ins on Saturdays.
St. Louis | Union Station Fudge Shop | 1820 Market St, Suite 120 | (314) 555-0115 | Inside the old Union Station in St. Louis.
Atlanta | Savannah Sweets | 225 Peachtree St NE, Atlanta, GA 30303 | (404) 555-0190 | Pralines and saltwater taffy.
Atlanta | Midtown Atlanta Dental | 1100 Peachtree St NE, Suite 900, Atlanta, GA 30309 | 404-555-0138 |
Atlanta | Inman Park Bike Shop | 1050 Euclid Ave NE, Atlanta, GA 30307 | (404) 555-0167 | Right off the BeltLine trail.
Atlanta | Buckhead Law Partners | 3344 Peachtree Rd NE, Suite 1800, Atlanta, GA 30326 | (404) 555-0114 | Personal injury and workers' comp. Free consultations.
Atlanta | Old Fourth Ward Fitness | 650 North Ave NE, Atlanta, GA 30308 |  | Spin and HIIT classes.
Atlanta | Westside Provisions Coffee | 1170 Howell Mill Rd, Atlanta, GA 30318 | (404) 555-0101 |
Atlanta | Ponce Market Noodle Stand | 675 Ponce De Leon Ave NE, Food Hall Stall 12 | (470) 555-0126 | Across from the BeltLine in Atlanta.
Zürich | Zahnarztpraxis am Bellevue | Rämistrasse 4, 8001 Zürich | +41 44 252 18 30 | Dentalhygiene und Notfälle am selben Tag.
Zürich | Bäckerei Kreis 4 | Badenerstrasse 120, 8004 Zürich | 044 242 61 17 | Sonntags geöffnet bis 12 Uhr.
Zürich | Anwaltskanzlei Meier Baumann | Bahnhofstrasse 45, 8001 Zürich | +41 44 211 73 90 | Wirtschaftsrecht und Steuerrecht.
Zürich | Hotel Limmatblick | Limmatquai 68, 8001 Zürich | +41 44 266 14 40 |
Zürich | Hardturm Coworking Hub | Hardturmstrasse 161, 8005 Zurich, Switzerland | +41 44 508 22 10 | English-speaking community managers.
Zürich | Velo-Reparatur Wiedikon | Birmensdorferstrasse 150, 8003 Zuerich | 044 461 09 55 | Reparaturen meist innert zwei Tagen.
Zürich | Bar Langstrasse | Langstrasse 120, 8004 | +41 44 240 33 21 | Bis 2 Uhr geöffnet.
Berlin | Frankfurter Allee Apotheke | Frankfurter Allee 85, 10247 Berlin | +49 30 2945513 |
Berlin | Zahnarztpraxis Prenzlauer Berg | Kastanienallee 22, 10435 Berlin | 030 4402388 | Termine auch samstags.
Berlin | Café Weserstraße | Weserstraße 40, 12045 Berlin | 030 62904471 | Frühstück bis 16 Uhr.
Berlin | Hotel Spreeufer | Stralauer Str. 30, 10179 Berlin | +49 30 2403389 | Fahrradverleih an der Rezeption.
Berlin | Kanzlei Schröder Rechtsanwälte | Kurfürstendamm 56, 10707 Berlin | +49 (0)30 8871240 | Familienrecht und Erbrecht.
Berlin | Boulderhalle Wedding | Gerichtstraße 23 | 030 45087711 | Große Boulderhalle im Norden von Berlin, nahe U-Bahnhof Wedding.
Berlin | Kreuzberg Döner Imbiss | Görlitzer Straße 70, 10997 | 030 6912277 | Geöffnet bis 3 Uhr.
São Paulo | Bar Carioca | Rua Augusta, 1500 - Consolação, São Paulo - SP, 01304-001 | (11) 3256-4410 | Samba ao vivo às sextas.
São Paulo | Clínica Odontológica Jardins | Rua Oscar Freire, 725 - Jardins, São Paulo - SP, 01426-001 | +55 11 3062-1187 | Atendimento com hora marcada.
São Paulo | Padaria Vila Madalena | Rua Harmonia, 210 - Vila Madalena, São Paulo - SP, 05435-000 | (11) 3814-2290 | Pão na chapa e café coado o dia inteiro.
São Paulo | Hotel Alameda Paulista | Alameda Santos, 85 - Jardim Paulista, São Paulo - SP, 01419-000 | +55 11 3147-6600 | A duas quadras da Avenida Paulista.
São Paulo | Academia Pinheiros Fit | Rua dos Pinheiros, 870 - Pinheiros, Sao Paulo - SP, 05422-001 | (11) 3031-5512 |
São Paulo | Almeida & Costa Advogados | Av. Brigadeiro Faria Lima, 3477, 14º andar | +55 11 3045-8800 | Direito empresarial. Fica na Faria Lima, em São Paulo, perto do metrô.
São Paulo | Livraria Liberdade | Rua Galvão Bueno, 330 - Liberdade, São Paulo - SP, 01506-000 | (11) 3208-1175 | Livros e mangás japoneses.
Fort Worth | Stockyards Western Wear | 131 E Exchange Ave, Fort Worth, TX 76164 | (817) 555-0158 | Boots, hats and repairs.
Fort Worth | Sundance Square Dental | 420 Throckmorton St, Suite 200, Fort Worth, TX 76102 | 817-555-0123 |
Fort Worth | Magnolia Avenue Bakery | 1100 W Magnolia Ave, Fort Worth, TX 76104 | (817) 555-0179 | Kolaches every morning until they run out.
Fort Worth | Cultural District Law Office | 3200 W 7th St, Fort Worth, TX 76107 | (817) 555-0144 | Oil and gas leases.
Fort Worth | Near Southside Cycles | 1212 8th Ave, Ft. Worth, TX 76104 | (817) 555-0196 |
Fort Worth | Camp Bowie Barbershop | 4900 Camp Bowie Blvd, Fort Worth, TX 76107 |  | Hot towel shaves. Walk-ins welcome.
San Diego | Gaslamp Oyster Bar | 520 5th Ave, San Diego, CA 92101 | (619) 555-0112 | Raw bar happy hour daily from 3 pm.
San Diego | North Park Dental | 3000 University Ave, San Diego, CA 92104 | 619-555-0191 |
San Diego | Pacific Beach Surf Rentals | 4500 Mission Blvd, San Diego, CA 92109 | (858) 555-0135 | Boards and wetsuits by the hour.
San Diego | Little Italy Espresso | 1650 India St, San Diego, CA 92101 | (619) 555-0162 | Affogato and cannoli. Opens at 6:30.
San Diego | Hillcrest Veterinary Clinic | 3940 4th Ave, SAN DIEGO, CA 92103 | (619) 555-0147 |
San Diego | Balboa Park Art Supply | 1549 El Prado, Suite 4 | (619) 555-0184 | Inside Balboa Park in San Diego, next to the museums.
Oakland | Lake Merritt Dental | 360 Grand Ave, Oakland, CA 94610 | (510) 555-0168 | Evening and Saturday appointments.
Oakland | Jack London Boatworks | 55 Harrison St, Oakland, CA 94607 | (510) 555-0127 | Hull repair and winter storage for small sailboats.
Oakland | Fruitvale Panadería | 3340 International Blvd, Oakland, CA 94601 | 510-555-0141 | Pan dulce y tamales los domingos.
Oakland | Uptown Law Group | 1901 Harrison St, Suite 900, Oakland, CA 94612 | (510) 555-0186 |
Oakland | Rockridge Coffee Roasters | 5900 College Ave |  | Formerly on Valencia St in San Francisco; moved to Oakland in 2019.
Oakland | Temescal Alley Barber | 4920 Telegraph Ave, Suite B, 94609 | (510) 555-0119 | Appointments only on weekends.
Philadelphia | Reading Terminal Pretzel Stand | 51 N 12th St, Philadelphia, PA 19107 | (215) 555-0150 | Amish-style soft pretzels.
Philadelphia | Rittenhouse Dental Group | 1601 Walnut St, Suite 1000, Philadelphia, PA 19103 | 215-555-0106 | Cosmetic dentistry and implants.
Philadelphia | Fishtown Climbing Gym | 1442 Frankford Ave, Philadelphia, PA 19125 | (267) 555-0173 | Youth team practices on weekday afternoons.
Philadelphia | Old City Law Associates | 123 Chestnut St, Suite 300, Philadelphia, PA 19106 | (215) 555-0139 |
Philadelphia | Passyunk Cheesesteaks | 1237 E Passyunk Ave, Phila., PA 19147 | (215) 555-0183 | Open late.
Philadelphia | Manayunk Bike Shop | 4320 Main St, Philadelphia, PA 19127 | (215) 555-0122 |
Miami | Little Havana Cafecito | 1500 SW 8th St, Miami, FL 33135 | (305) 555-0155 | Cafecito and pastelitos all day.
Miami | Brickell Dental Studio | 1200 Brickell Ave, Suite 950, Miami, FL 33131 | 305-555-0171 | Hablamos español.
Miami | Wynwood Print Shop | 2500 NW 2nd Ave, Miami, FL 33127 | (786) 555-0140 |
Miami | Grove Harbor Sailing School | 2990 S Bayshore Dr, Miami, FL 33133 |  | Sunset sails on Fridays.
Miami | Design District Optical | 140 NE 39th St, Suite 201 | (305) 555-0108 | In the Miami Design District, upstairs from the gallery.
Houston | Austin Street Dental | 1100 Austin St, Suite 210, Houston, TX 77002 | (713) 555-0131 |
Houston | Heights Bike Shop | 1200 Yale St, Houston, TX 77008 | (713) 555-0194 | Trade-ins accepted. Group rides on Sunday mornings.
Houston | Galleria Law Group | 5051 Westheimer Rd, Suite 1700, Houston, TX 77056 | 713-555-0118 |
Houston | Bellaire Blvd Pho House | 9200 Bellaire Blvd, Houston, TX 77036 | (832) 555-0165 | Open 24 hours on weekends.
Houston | Montrose Vintage Boutique | 1725 Westheimer Rd, 77098 | (713) 555-0148 | Our Dallas store opens next spring.
Vancouver | Gastown Coffee Co. | 12 Water St, Vancouver, BC V6B 1A5 | (604) 555-0132 | Roasted in-house; the steam clock is around the corner.
Vancouver | Kitsilano Physiotherapy | 2150 W 4th Ave, Vancouver, BC V6K 1N6 | 604-555-0176 |
Vancouver | Main Street Dental | 4250 Main St, Vancouver, BC V5V 3P9 | (604) 555-0121 | Direct billing to most insurance plans.
Vancouver | Yaletown Boxing Club | 1160 Mainland St, Vancouver, BC V6B 5P2 |  | Our Toronto location closed in 2022.
Vancouver | Granville Island Fish Market | 1689 Johnston St, Vancouver, BC V6H 3R9 | (604) 555-0189 | On Granville Island, under the bridge, in Vancouver.
Tokyo | Shibuya Ramen Ichigo | 1-14-3 Dogenzaka, Shibuya-ku, Tokyo 150-0043 | +81 3-3463-5521 | Ticket machine at the entrance.
Tokyo | Asakusa Ryokan Sakura | 2-8-4 Asakusa, Taito-ku, Tokyo 111-0032 | 03-3842-1190 | Tatami rooms, shared bath.
Tokyo | Roppongi International Clinic | 6-2-31 Roppongi, Minato-ku, Tokyo 106-0032 | +81 3-5411-8070 | English-speaking doctors.
Tokyo | Ginza Knife Shop | 5-9-15 Ginza, Chuo-ku, TOKYO 104-0061 | 03-3571-2240 |
Tokyo | Shimokitazawa Vintage | 2-25-8 Kitazawa, Setagaya-ku 155-0031 | 03-3468-5570 | Used denim and 1970s band shirts. Opens at noon.
Minneapolis | Portland Avenue Dental | 2401 Portland Ave, Minneapolis, MN 55404 | (612) 555-0153 |
Minneapolis | Northeast Brewing Taproom | 1300 Quincy St NE, Minneapolis, MN 55413 | 612-555-0129 |
Minneapolis | Uptown Yoga Studio | 3001 Hennepin Ave, Minneapolis, MN 55408 |  |
Minneapolis | North Loop Coworking | 212 N 2nd St, Minneapolis, MN 55401 | (612) 555-0184 | Bike storage and showers in the basement.
Minneapolis | Lake Street Hardware | 2840 E Lake St, Mpls, MN 55406 | (612) 555-0107 | Keys, screens, and glass repair.
Nashville | Memphis Blues BBQ | 1012 Woodland St, Nashville, TN 37206 | (615) 555-0120 | Dry-rub ribs, Memphis style.
Nashville | Music Row Law Office | 33 Music Sq W, Suite 100, Nashville, TN 37203 | 615-555-0161 | Entertainment contracts and royalties.
Nashville | Twelve South Dental | 2300 12th Ave S, Nashville, TN 37204 | (615) 555-0144 |
Nashville | Lower Broadway Hat Co. | 400 Broadway, Nashville, TN 37203 |  | Steps from the honky-tonks in downtown Nashville.
New Orleans | Magazine Street Antiques | 3000 Magazine St, New Orleans, LA 70115 | (504) 555-0117 |
New Orleans | Marigny Jazz Club | 620 Frenchmen St, New Orleans, LA 70116 | 504-555-0186 | Two sets nightly.
New Orleans | Mid-City Po-Boys | 3700 Orleans Ave, NOLA 70119 | (504) 555-0133 |
New Orleans | French Quarter Pralines | 810 Decatur St, LA 70116 | (504) 555-0172 | Fresh batches every hour.
Dallas | Deep Ellum Tattoo | 2646 Elm St, Dallas, TX 75226 | (214) 555-0164 | Walk-ins after 2 pm.
Dallas | Cedar Springs Dentistry | 2501 Cedar Springs Rd, Suite 300, Dallas, TX 75201 | 214-555-0115 |
Dallas | Bishop Arts Bakery | 408 N Bishop Ave, Dallas, TX 75208 | (214) 555-0147 | Pecan pie by the slice.
Dallas | Trinity Groves Taco Bar | 3011 Gulden Ln | (469) 555-0128 | The original is in Fort Worth; this one is west of downtown Dallas.
Hamburg | Fischbrötchen am Hafen | St. Pauli Landungsbrücken 3, 20359 Hamburg | +49 40 3178821 |
Hamburg | Wiener Melange Café | Eppendorfer Baum 12, 20249 Hamburg | 040 4603315 | Wiener Küche und Kuchen.
Hamburg | Kanzlei Petersen & Voss | Ballindamm 26, 20095 Hamburg | +49 40 3099170 | Seerecht und Handelsrecht.
Hamburg | Schanzen Fahrradladen | Schulterblatt 72, 20357 | 040 4301189 | Gebrauchte Räder mit Garantie. Montags geschlossen.
Lyon | Bouchon des Terreaux | 5 rue Longue, 69001 Lyon | 04 78 28 15 60 | Menu du jour à 18 euros.
Lyon | Rhône Conseil Avocats | 25 quai Jean Moulin, 69002 Lyon | +33 4 72 41 09 88 |
Lyon | Boulangerie de la Croix-Rousse | 93 boulevard de la Croix-Rousse, 69004 Lyon | 04 78 39 20 71 | Pralines roses et brioche le dimanche matin.
Lyon | Fromagerie des Halles | Halles Paul Bocuse, 102 cours Lafayette | 04 78 62 37 19 | Au cœur des halles de Lyon.
Rio de Janeiro | Quiosque Copacabana | Av. Atlântica, 1702 - Copacabana, Rio de Janeiro - RJ, 22021-001 | (21) 2547-1120 | Água de coco e petiscos.
Rio de Janeiro | Clínica Dermatológica Leblon | Rua Dias Ferreira, 190 - Leblon, Rio de Janeiro - RJ, 22431-050 | +55 21 2239-4471 |
Rio de Janeiro | Pousada Santa Teresa | Rua Almirante Alexandrino, 660 - Santa Teresa, Rio de Janeiro - RJ, 20241-262 | +55 21 2224-8830 | Vista para a baía.
Rio de Janeiro | Academia Botafogo Fit | Rua Voluntários da Pátria, 300 - Botafogo, Rio - RJ, 22270-010 | (21) 2537-6612 |
Osaka | Dotonbori Takoyaki Stand | 1-6-4 Dotonbori, Chuo-ku, Osaka 542-0071 | 06-6211-3350 | The queue moves fast.
Osaka | Umeda Business Hotel | 2-4-10 Umeda, Kita-ku, Osaka 530-0001 | +81 6-6345-1122 | Two minutes from the station's north exit.
Osaka | Kyoto Matcha Stand | 1-5-2 Namba, Chuo-ku, Osaka 542-0076 | 06-6641-2009 | Uji matcha soft serve.
Osaka | Tennoji Dental Clinic | 1-2-5 Abenosuji, Abeno-ku, Ōsaka 545-0052 | +81 6-6625-3018 |
Pittsburgh | Strip District Fish Market | 2100 Penn Ave, Pittsburgh, PA 15222 | (412) 555-0159 | Fresh fish sandwiches on Fridays.
Pittsburgh | Lawrenceville Dental | 4000 Butler St, Pittsburgh, PA 15201 | 412-555-0134 |
Pittsburgh | Squirrel Hill Bagel Bakery | 5820 Forbes Ave | (412) 555-0102 | A Pittsburgh favorite since 1984.
Baltimore | Fells Point Oyster House | 1640 Thames St, Baltimore, MD 21231 | (410) 555-0180 |
Baltimore | Hampden Thrift & Vintage | 913 W 36th St, Baltimore, MD 21211 | 410-555-0162 | Half-price racks on Sundays.
Baltimore | Mount Vernon Law Office | 10 E Mount Vernon Pl, Baltimore, MD 21202 | (443) 555-0111 | Landlord-tenant disputes.
Phoenix | Santa Fe Grill | 4200 N Central Ave, Phoenix, AZ 85012 | (602) 555-0136 | Green chile stew daily.
Phoenix | Roosevelt Row Gallery Cafe | 901 N 5th St, Phoenix, AZ 85004 | 602-555-0187 |
Phoenix | Arcadia Family Dental | 4505 E Camelback Rd, Phoenix, AZ 85018 | (602) 555-0120 | Pediatric and adult care.
Köln | Brauhaus am Dom | Am Hof 12, 50667 Köln | +49 221 2577011 | Kölsch vom Fass.
Köln | Zahnarztpraxis Ehrenfeld | Venloer Straße 290, 50823 Köln | 0221 5103344 | Alle Kassen und Privat.
Köln | Rhineland Language School | Hohenzollernring 57, 50672 Cologne, Germany | +49 221 2509780 | German courses for all levels.
Ottawa | ByWard Market Bakery | 55 ByWard Market Sq, Ottawa, ON K1N 9C3 | (613) 555-0175 |
Ottawa | Glebe Family Dental | 800 Bank St, Ottawa, ON K1S 3V8 | 613-555-0125 | Accepting new patients.
Ottawa | Rideau Canal Skate Rentals | Fifth Avenue Court, 99 Fifth Ave | (613) 555-0156 | Skate rentals on the Rideau Canal in Ottawa, open whenever the ice is.
Kyoto | Gion Tea House Hana | 570-120 Gionmachi Minamigawa, Higashiyama-ku, Kyoto 605-0074 | 075-561-2290 |
Kyoto | Nishiki Market Tsukemono | 609 Nishidaimonji-cho, Nakagyo-ku, Kyoto 604-8054 | +81 75-221-0089 | Pickles since 1920.
Kyoto | Arashiyama Bicycle Rental | Sagatenryuji, Ukyo-ku 616-8385 | 075-881-3312 | Near the bamboo grove in western Kyoto.
Salt Lake City | Sugar House Climbing | 2100 S Highland Dr, Salt Lake City, UT 84106 | (801) 555-0143 | Bouldering and top-rope. Student discount on weekdays.
Salt Lake City | Ninth and Ninth Bookshop | 900 E 900 S, SLC, UT 84105 | 801-555-0190 |
Detroit | Corktown Coney Island | 2000 Michigan Ave, Detroit, MI 48216 | (313) 555-0113 |
Detroit | Eastern Market Meats | 2934 Russell St, Detroit, MI 48207 | 313-555-0179 | Saturdays only.
Kansas City | Crossroads Coffee Roasters | 1800 Baltimore Ave, Kansas City, MO 64108 | (816) 555-0138 |
Kansas City | Westport BBQ Pit | 4110 Pennsylvania Ave, Kansas City, MO 64111 | (816) 555-0161 | Burnt ends sell out early; a Kansas City institution.
Honolulu | Kaimuki Poke Bar | 3408 Waialae Ave, Honolulu, HI 96816 | (808) 555-0127 |
Honolulu | Waikiki Surfboard Rentals | 2335 Kalakaua Ave, HI 96815 | (808) 555-0194 | Lessons at 8 am and 2 pm.
Boise | Hyde Park Cycles | 1510 N 13th St, Boise, ID 83702 | (208) 555-0152 | Repairs, rentals and trail maps.
Boise | Basque Block Café | 611 W Grove St, Boise, ID 83702 | 208-555-0118 | Chorizo and croquetas.
Madison | Capitol Square Cheese Shop | 12 N Pinckney St, Madison, WI 53703 | (608) 555-0135 | Wisconsin cheddar and cheese curds.
Madison | Williamson Street Bike Shop | 1101 Williamson St, Madison, WI 53703 | 608-555-0171 |
Savannah | Forsyth Park Dental | 12 W Gaston St, Savannah, GA 31401 | (912) 555-0109 |
Savannah | River Street Pralines | 100 E River St | (912) 555-0145 | Taffy pulls on the waterfront in historic Savannah.
Frankfurt | Apfelwein-Wirtschaft Sachsenhausen | Schweizer Straße 67, 60594 Frankfurt am Main | +49 69 613012 | Grüne Soße am Donnerstag.
Frankfurt | Kanzlei Weber Hartmann | Taunusanlage 9, 60329 Frankfurt | 069 7104455 | Bank- und Kapitalmarktrecht.
Basel | Zahnarztpraxis Kleinbasel | Clarastrasse 12, 4058 Basel | +41 61 681 22 40 |
Basel | Buchhandlung am Rheinsprung | Rheinsprung 5, 4051 Basel | 061 261 39 07 | Antiquariat und Kunstbücher.
Genève | Horlogerie du Rhône | Rue du Rhône 48, 1204 Genève | +41 22 310 44 18 |
Genève | Lakeside Business Suites | Rue de Lausanne 15, 1201 Geneva, Switzerland | +41 22 732 19 90 | Meeting rooms by the hour.
Marseille | Poissonnerie du Vieux-Port | 3 quai des Belges, 13001 Marseille | 04 91 33 70 12 | Arrivage du matin.
Marseille | Savonnerie du Panier | 12 rue du Panier, 13002 Marseille | +33 4 91 90 52 44 |
Calgary | Kensington Road Bakery | 1126 Kensington Rd NW, Calgary, AB T2N 3P3 | (403) 555-0174 |
Calgary | Stampede Saddlery | 1220 9 Ave SE, Calgary, AB T2G 0T1 | 403-555-0130 |
Belo Horizonte | Pão de Queijo da Savassi | Rua Pernambuco, 1100 - Savassi, Belo Horizonte - MG, 30130-151 | (31) 3261-4402 | Fornada nova a cada meia hora.
Belo Horizonte | Clínica Médica Lourdes | Rua Curitiba, 2100 - Lourdes, Belo Horizonte - MG, 30170-122 | +55 31 3291-8870 |
Wien | Kaffeehaus Josefstadt | Josefstädter Straße 20, 1080 Wien | +43 1 4052387 | Melange und Apfelstrudel.
Wien | Mariahilf English Dental | Mariahilfer Straße 88, 1070 Vienna, Austria | +43 1 5223310 |
Anchorage | Midtown Fly Shop | 600 W Northern Lights Blvd, Anchorage, AK 99503 | (907) 555-0141 | Guided trips to the Kenai.
Santa Fe | Canyon Road Pottery | 225 Canyon Rd, NM 87501 | (505) 555-0166 | Galleries stay open late on Fridays.
Ann Arbor | Kerrytown Bookshop | 315 Detroit St, Ann Arbor, MI 48104 | (734) 555-0123 |
Bern | Velowerkstatt Lorraine | Lorrainestrasse 8, 3013 Bern | +41 31 331 22 17 |
Bordeaux | Cave à vins des Chartrons | 48 quai des Chartrons, 33000 Bordeaux | 05 56 81 22 47 | Dégustation le samedi.
Curitiba | Café do Largo da Ordem | Largo da Ordem, 42 - São Francisco, Curitiba - PR, 80410-000 | (41) 3224-1180 |
Sapporo | Susukino Ramen Stall 7 | Minami 5-jo Nishi 3-chome, Chuo-ku, Sapporo 064-0805 | 011-512-3390 | Miso ramen with butter and corn.
"""


def norm(s):
    """Lowercase, strip accents (ß -> ss), punctuation to spaces: 'St. Louis' -> 'st louis', 'Ōsaka' -> 'osaka'."""
    s = unicodedata.normalize("NFKD", s.replace("ß", "ss"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def forms(city):
    return [norm(city)] + ALIASES.get(city, [])


def mentions(city, text):
    """True when the city (any of its forms) occurs in text as whole words, ignoring case and accents."""
    t = f" {norm(text)} "
    return any(f" {f} " in t for f in forms(city))


def where(row):
    """Where the city can be read: address_exact / address_variant / notes / nowhere."""
    city, address = row["city"], row["address"]
    if re.search(rf"(?<!\w){re.escape(city)}(?!\w)", address):
        return "address_exact"
    if mentions(city, address):
        return "address_variant"
    if mentions(city, row["notes"]):
        return "notes"
    return "nowhere"


def parse():
    rows = []
    for ln in ROWS.strip().splitlines():
        parts = [p.strip() for p in ln.split("|")]
        assert len(parts) == 5, ln
        city, name, address, phone, notes = parts
        rows.append({"name": name, "address": address, "phone": phone, "notes": notes, "city": city})
    return rows


def to_csv(part):
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=COLUMNS)
    w.writeheader()
    w.writerows(part)
    return buf.getvalue()


def split():
    rng = random.Random(SEED)
    rows = parse()
    rng.shuffle(rows)
    for i, r in enumerate(rows, 1):
        r["row_id"] = i
    # Cities with at most RARE rows go wholly to one side (TEST_SHARE of them to test), so that some test cities
    # are unseen in train; the other rows are sampled one by one to bring test to TEST_SHARE of all rows.
    size = Counter(r["city"] for r in rows)
    rare = sorted(c for c, n in size.items() if n <= RARE)
    rare_test = {c for c in rare if rng.random() < TEST_SHARE}
    test_ids = {r["row_id"] for r in rows if r["city"] in rare_test}
    common_ids = [r["row_id"] for r in rows if r["city"] not in rare]
    n_test = round(len(rows) * TEST_SHARE)
    test_ids |= set(rng.sample(common_ids, n_test - len(test_ids)))
    train = [r for r in rows if r["row_id"] not in test_ids]
    test = [r for r in rows if r["row_id"] in test_ids]
    return train, test


def build():
    """The three files as text, from ROWS alone."""
    train, test = split()
    train = [{k: str(v) for k, v in r.items()} for r in train]
    test = [{k: str(v) for k, v in r.items()} for r in test]
    return {"train.csv": to_csv(train), "test.csv": to_csv(test), "README.md": readme(train, test)}


def load(fn):
    with open(HERE / fn, newline="", encoding="utf-8") as f:
        rd = csv.DictReader(f)
        assert rd.fieldnames == COLUMNS, rd.fieldnames
        return list(rd)


def stats(train, test):
    allr = train + test
    cities = Counter(r["city"] for r in allr)
    train_cities = {r["city"].lower() for r in train}
    unseen_rows = [r for r in test if r["city"].lower() not in train_cities]
    return {
        "n": len(allr), "n_train": len(train), "n_test": len(test), "cities": cities,
        "where_all": Counter(where(r) for r in allr), "where_test": Counter(where(r) for r in test),
        "unseen": sorted({r["city"] for r in unseen_rows}), "unseen_rows": len(unseen_rows),
        "where_unseen": Counter(where(r) for r in unseen_rows),
        "test_cities": len({r["city"] for r in test}), "train_cities": len(train_cities),
        "empty_notes": sum(not r["notes"] for r in allr), "empty_phone": sum(not r["phone"] for r in allr),
        "country": Counter(COUNTRY.get(r["city"], "US") for r in allr),
    }


def pct(a, b):
    return f"{a} ({100 * a / b:.0f}%)"


def readme(train, test):
    s = stats(train, test)
    wt, wa, n, nt = s["where_test"], s["where_all"], s["n"], s["n_test"]
    ranked = sorted(s["cities"].items(), key=lambda kv: (-kv[1], kv[0]))
    big = ", ".join(f"{c} {k}" for c, k in ranked if k >= 20)
    small = sum(1 for k in s["cities"].values() if k <= 3)
    single = sum(1 for k in s["cities"].values() if k == 1)
    counts = ", ".join(f"{c} {k}" for c, k in ranked)
    wu = s["where_unseen"]
    co = s["country"]
    abroad = ", ".join(f"{c} {k}" for c, k in sorted(co.items(), key=lambda kv: (-kv[1], kv[0])) if c != "US")
    return f"""# fill_addresses: fill in a business's city

**Synthetic data.** An LLM helper wrote every row for this project by hand (`make.py` holds them). Nothing was
collected or scraped, and no public benchmark set was copied or used as a model. The cities, streets,
neighbourhoods and postcodes are real places, but the businesses are made up: names, street numbers, phone
numbers (US and Canadian ones use the fictional 555-01xx range) and notes are plausible, not checked, and must
not be read as directory facts. A few names resemble real chains on purpose (for example "Boston Market",
"Paris Baguette") as distractors; their addresses here are invented.

## Task

Predict `city` from the other columns (`name`, `address`, `phone`, `notes`), learning from `train.csv`.
Score: exact-match accuracy on `test.csv`, case-insensitive (after trimming whitespace). The `city` column is the
gold value in both files; the benchmark blanks it in `test.csv` before filling.

The point of the set: the missing value is usually written at the end of the address ("360 Grand Ave,
Oakland, CA 94610", "Leopoldstraße 12, 80802 München", "Rua Augusta, 1500 - Consolação, São Paulo - SP,
01304-001"), but sometimes in other casing ("SAN DIEGO", "PARIS"), without its accent ("Montreal", "Sao Paulo"),
as a short form or exonym ("NYC", "SF", "Chgo", "L.A.", "Ft. Worth", "Saint Louis", "Mpls", "NOLA", "SLC",
"Munich", "Muenchen", "Zuerich", "Cologne", "Geneva", "Vienna", "Ōsaka") or as a borough or district. Some rows
give the city only in the notes ("Two blocks from Union Station in Denver"), and a few give it nowhere: only a
postcode, a neighbourhood, a landmark or the phone's area code ("3111 24th St, Mission District, 94110",
"(312) ...", "+41 44 ..."). Distractors: names that contain another city ("Boston Market" in Chicago, "Paris
Baguette" in Los Angeles, "Brooklyn Bagels" in Seattle, "Kyoto Matcha Stand" in Osaka), streets named after
other places ("1400 New York Ave NW, Washington", "Frankfurter Allee 85, 10247 Berlin", "1800 Baltimore Ave,
Kansas City", "LA 70116" for Louisiana), and notes that name another city ("Sister shop of our Portland
store", "The original is in Fort Worth").

**Gold rule.** `city` is the municipality the business is in, under its current boundaries, in one canonical
spelling per city: the local one for non-US cities (`München`, `Zürich`, `Köln`, `Genève`, `Wien`, `Montréal`,
`São Paulo`) and `New York`, `St. Louis`, `Washington` (for Washington, D.C.), `Fort Worth` in the US. Boroughs,
districts and postal place names inside a city map to that city: Manhattan, Brooklyn, Queens, the Bronx,
Astoria and Flushing -> `New York`; Hollywood and Venice -> `Los Angeles`; North York -> `Toronto`; Jamaica
Plain -> `Boston`; Ballard -> `Seattle`; `Frankfurt am Main` -> `Frankfurt`. No row lies in a separate suburb
(Santa Monica, Cambridge, Jersey City, ...), so the rule never has to choose between a suburb and its big city.

## Files and columns

| file | rows |
|---|---|
| `train.csv` | {s['n_train']} |
| `test.csv` | {nt} |

Columns: `row_id,name,address,phone,notes,city`. `row_id` is unique across both files. `phone` is written the
way a local listing would write it ("(415) 555-0133", "415.555.0133", "+49 89 1234567", "044 242 61 17",
"(11) 3256-4410", "03-3842-1190") or is empty ({s['empty_phone']} of {n} rows); `notes` is 1-2 sentences, some in
German, French, Portuguese or Spanish, or empty ({s['empty_notes']} rows). UTF-8, comma-separated, standard CSV
quoting (addresses contain commas, so they are quoted).

## Where the city can be read

Measured by `make.py` (`where()`): "address, exact" = the gold string occurs in the address as written
(case-sensitive, whole words); "address, variant" = it occurs only after lowercasing, stripping accents and
punctuation ("SAN DIEGO", "Montreal", "St Louis"), or as a listed short form, exonym or borough (`ALIASES` in
`make.py`: "NYC", "Brooklyn", "SF", "Munich", ...); "notes only" = not in the address in any form but in the
notes; "nowhere" = in neither (the name is never the only place: `--check` asserts that no "notes only" or
"nowhere" row has the city in its name).

| where | test | all rows |
|---|---|---|
| address, exact | {pct(wt['address_exact'], nt)} | {pct(wa['address_exact'], n)} |
| address, variant / short form / borough | {pct(wt['address_variant'], nt)} | {pct(wa['address_variant'], n)} |
| notes only | {pct(wt['notes'], nt)} | {pct(wa['notes'], n)} |
| nowhere (postcode, neighbourhood, landmark, area code) | {pct(wt['nowhere'], nt)} | {pct(wa['nowhere'], n)} |

## Cities

{len(s['cities'])} cities, long-tailed: {big} rows; {small} cities have 1-3 rows ({single} have exactly one).
{co['US']} rows are in the US; the other {n - co['US']} are in {abroad} rows, written in their local
address formats. All counts: {counts}.

The test set has {s['test_cities']} distinct cities; **{len(s['unseen'])} of them never occur in train**, covering
{s['unseen_rows']} test rows (of these, {wu['address_exact']} have the city in the address as written,
{wu['address_variant']} as a variant, {wu['notes']} in the notes only, {wu['nowhere']} nowhere). Unseen in train:
{', '.join(s['unseen'])}.

## Rebuild and check

    python3 bench/data/fill_addresses/make.py          # rewrite train.csv, test.csv, README.md, then verify
    python3 bench/data/fill_addresses/make.py --check  # verify only

The split is fixed-seed (seed {SEED}), 70/30. Cities with {RARE} rows or fewer are kept whole: each such city goes
entirely to test with probability 0.3, otherwise entirely to train (this is what makes some test cities unseen).
The remaining rows are drawn one by one at random to fill test up to 30%, so every city with more than {RARE}
rows is split at random and may also land entirely on one side. `--check` rebuilds the three files in memory
from the rows in `make.py` and requires them to equal the files on disk byte for byte, then checks the
invariants (unique row ids, no empty city, name or address, one spelling per city, the shares above).

## Caveats

- One writer: addresses follow the writer's idea of each country's format, so they are more regular than real
  directory data (no typos, no unit-before-number orders, no PO boxes).
- Exact match is strict about the canonical form: "Munich" for `München`, "NYC" for `New York` or "Saint Louis"
  for `St. Louis` counts as wrong, as does answering a borough ("Brooklyn").
- The "nowhere" rows need world knowledge (zip 94110 and the Mission District are in San Francisco, 8004 is a
  Zürich postcode, Flushing is in Queens). The phone's area code is often the best clue: for most of those rows it
  also occurs in rows that write the city out.
- `Portland` is Portland, Oregon, and `Kansas City` is Kansas City, Missouri, in every row; no row tests the
  state-level ambiguity of those names.
"""


def sentences(text):
    t = re.sub(r"\b(St|Dr|Ave|Blvd|Ste|Str|Ft|Mt|ca|Nr)\.", r"\1", text)
    return [x for x in re.split(r"(?<=[.!?])\s+", t) if x]


def verify():
    train, test = load("train.csv"), load("test.csv")
    allr = train + test
    s = stats(train, test)
    # the files on disk are exactly what ROWS produces
    want = build()
    for fn in FILES:
        assert (HERE / fn).read_text(encoding="utf-8") == want[fn] if fn == "README.md" else \
            (HERE / fn).read_bytes() == want[fn].encode("utf-8"), f"{fn} does not match a rebuild from make.py"
    ids = [int(r["row_id"]) for r in allr]
    assert len(ids) == len(set(ids)) == s["n"], "row_id not unique"
    assert sorted(ids) == list(range(1, s["n"] + 1))
    keys = Counter((r["name"].lower(), r["address"].lower()) for r in allr)
    assert all(v == 1 for v in keys.values()), [k for k, v in keys.items() if v > 1]
    names = Counter(r["name"].lower() for r in allr)
    assert all(v == 1 for v in names.values()), [k for k, v in names.items() if v > 1]
    assert 370 <= s["n"] <= 430, s["n"]
    assert s["n_test"] >= 100, s["n_test"]
    for r in allr:
        for col in ("city", "name", "address"):
            assert r[col] and r[col] == r[col].strip(), (col, r)
        assert r["phone"] == "" or re.fullmatch(r"[+()0-9 ./-]{8,22}", r["phone"]), r["phone"]
        assert len(sentences(r["notes"])) <= 2, r["notes"]
        if where(r) in ("notes", "nowhere"):
            assert not mentions(r["city"], r["name"]), f"city only in the name: {r}"
    # one canonical spelling per city, also across case and accents
    canon = {}
    for r in allr:
        k = norm(r["city"])
        assert canon.setdefault(k, r["city"]) == r["city"], (canon[k], r["city"])
    for c in ALIASES:
        assert c in s["cities"], f"alias for unknown city {c}"
    wa, n = s["where_all"], s["n"]
    assert 0.72 <= wa["address_exact"] / n <= 0.82, wa
    assert 0.06 <= wa["address_variant"] / n <= 0.11, wa
    assert 0.05 <= wa["notes"] / n <= 0.10, wa
    assert 0.04 <= wa["nowhere"] / n <= 0.09, wa
    assert 0.18 <= s["empty_notes"] / n <= 0.32, s["empty_notes"]
    assert 55 <= len(s["cities"]) <= 70, len(s["cities"])
    assert sum(k >= 25 for k in s["cities"].values()) >= 3
    assert sum(k <= 3 for k in s["cities"].values()) >= 20
    assert len(s["unseen"]) >= 3, s["unseen"]
    print(f"rows {n} (train {s['n_train']}, test {s['n_test']}), cities {len(s['cities'])}")
    print("where (all):", dict(wa))
    print("where (test):", dict(s["where_test"]))
    print(f"test cities {s['test_cities']}, unseen in train {len(s['unseen'])} ({s['unseen_rows']} rows):",
          ", ".join(s["unseen"]))
    print(f"empty notes {s['empty_notes']}, empty phone {s['empty_phone']}")
    print("top cities:", s["cities"].most_common(8))
    print("OK")


if __name__ == "__main__":
    if "--check" not in sys.argv:
        files = build()
        changed = [fn for fn in FILES if not (HERE / fn).exists()
                   or (HERE / fn).read_bytes() != files[fn].encode("utf-8")]
        for fn in FILES:
            (HERE / fn).write_bytes(files[fn].encode("utf-8"))
        print("rewritten:", ", ".join(changed) if changed else "nothing changed")
    verify()

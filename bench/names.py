"""Word lists for generated people and organizations (no external data).

Common given names and surnames of many origins, so that the conflict check
meets the spread of spellings a US firm sees; combined at random with a fixed
seed they give a few hundred thousand distinct, plausible names.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy
Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily
Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah
Timothy Stephanie Ronald Dorothy Jason Rebecca Edward Sharon Jeffrey Laura Ryan Cynthia
Jacob Amy Gary Kathleen Nicholas Angela Eric Shirley Jonathan Brenda Stephen Emma Larry
Anna Justin Pamela Scott Nicole Brandon Samantha Benjamin Katherine Samuel Christine
Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia
Dennis Heather Jerry Helen Tyler Catherine Aaron Diane Jose Julie Adam Victoria Nathan
Joyce Henry Lauren Zachary Kelly Douglas Christina Peter Ruth Kyle Joan Noah Virginia
Ethan Judith Jeremy Evelyn Walter Hannah Christian Andrea Keith Megan Roger Cheryl Terry
Jacqueline Austin Madison Sean Teresa Gerald Abigail Carl Sophia Harold Martha Dylan Sara
Arthur Gloria Lawrence Janice Jordan Kathryn Jesse Ann Bryan Isabella Billy Judy Bruce
Charlotte Gabriel Julia Joe Grace Logan Amber Alan Alice Juan Jean Albert Denise Willie
Frances Elijah Danielle Wayne Marilyn Randy Natalie Vincent Beverly Mason Diana Roy
Brittany Ralph Theresa Bobby Kayla Russell Alexis Bradley Doris Philip Lori Eugene Tiffany
Wei Mei Hiroshi Yuki Priya Arjun Ananya Rahul Fatima Omar Aisha Mohammed Layla Hassan
Sofia Mateo Valentina Santiago Camila Diego Lucia Javier Ximena Alejandro Guadalupe Luis
Nguyen Minh Thi Anh Jin Seo-yeon Min-jun Ji-woo Olga Dmitri Svetlana Ivan Katarzyna Piotr
Agnieszka Tomasz Ingrid Lars Astrid Sven Siobhan Declan Niamh Ciaran Chidi Ngozi Kwame
Amara Tendai Thandiwe Kofi Abena Rania Youssef Leila Tariq Noor Elif Emre Zeynep Can
Giulia Marco Francesca Luca Chiara Matteo Hélène Étienne Margaux Julien Amélie Lukas
Annika Jonas Lena Felix Miriam Yosef Tamar Avi Shira Anil Deepa Vikram Sunita Kiran
""")

LAST_NAMES = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White
Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts
Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales
Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos
Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes
Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry
Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons
Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West
Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro
Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry
Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez
Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd
Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols
Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce
Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong
Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston
Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George
Chapman Rios Estrada Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson
Santiago Maldonado Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs Obrien
Lynch Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims
Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas
Lucas Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler
Mejia Davidson Acosta Brewer May Holland Juarez Newman Pearson Curtis Cortez Douglas
Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade Molina Stanley Hopkins
Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier
Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris Jennings
Watts Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt Deleon Barker
Terry Hale Leon Hail Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe
Warner Cabrera McKinney Mann Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles
Cervantes Solis Erickson Reeves Chang Klein Salinas Fuentes Baldwin Daniel Simon Velasquez
Hardy Higgins Aguirre Lin Cummings Chandler Sharp Barber Bowen Ochoa Dennis Robbins Liu
Ramsey Francis Griffith Paul Blair Oconnor Cardenas Pacheco Cross Calderon Quinn Moss
Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald Rosales Stevenson Christensen Manning
Gill Curry McLaughlin Harmon McGee Gross Doyle Garner Newton Burgess Reese Walton Blake
Trujillo Adkins Brady Goodman Roman Webster Goodwin Fischer Huang Potter Delacruz
Montoya Todd Wu Hines Mullins Castaneda Malone Cannon Tate Mack Sherman Hubbard Hodges
Zhang Guerra Wolf Valencia Saunders Franco Rowe Gallagher Farmer Hammond Hampton
Townsend Ingram Wise Gallegos Clarke Barton Schroeder Maxwell Waters Logan Camacho
Strickland Norman Person Colon Parsons Frank Harrington Glover Osborne Buchanan Casey
Floyd Patton Ibarra Ball Tyler Suarez Bowers Orozco Salas Cobb Gibbs Andrade Bauer
Conner Moody Escobar McGuire Lloyd Mueller Hartman French Kramer McBride Pope Lindsey
Velazquez Norton McCormick Sparks Flynn Yates Hogan Marsh Macias Villanueva Zamora
Pratt Stokes Owen Ballard Lang Brock Villarreal Charles Drake Barrera Cain Patrick Pineda
Burnett Mercado Santana Shepherd Bautista Ali Shaffer Lamb Trevino McKenzie Hess Beil
Olsen Cochran Morton Nash Wilkins Petersen Briggs Shah Roth Nicholson Holloway Lozano
Rangel Flowers Hoover Short Arias Mora Valenzuela Bryan Meyers Weiss Underwood Bass
Greer Summers Houston Carson Morrow Clayton Whitaker Decker Yoder Collier Zuniga Carey
Wilcox Melendez Poole Roberson Larsen Conley Davenport Copeland Massey Lam Huff Rocha
Cameron Jefferson Hood Monroe Anthony Pittman Huynh Randall Singleton Kirk Combs Mathis
Christian Skinner Bradford Richard Galvan Wall Boone Kirby Wilkinson Bridges Bruce Atkinson
Velez Meza Roy Vincent York Hodge Villa Abbott Allison Tapia Gates Chase Sosa Sweeney
Farrell Wyatt Dalton Horn Barron Phelps Yu Dickerson Heath Foley Atkins Mathews Bonilla
Acevedo Benitez Zavala Hensley Glenn Cisneros Harrell Shields Rubio Choi Huffman Boyer
Garrison Arroyo Bond Kane Hancock Callahan Dillon Cline Wiggins Grimes Arellano Melton
Oneill Savage Ho Beltran Pitts Parrish Ponce Rich Booth Koch Golden Ware Brennan McDowell
Marks Cantu Humphrey Baxter Sawyer Clay Tanner Hutchinson Kaur Berg Wiley Gilmore Russo
Villegas Hobbs Keith Wilkerson Ahmed Beard McClain Montes Mata Rosario Vang Walter Henson
Oneal Mosley McClure Beasley Stephenson Snow Huerta Preston Vance Barry Johns Eaton
Blackwell Dyer Prince Macdonald Solomon Guevara Stafford English Hurst Woodard Cortes
Shannon Kemp Nolan McCullough Merritt Murillo Moon Salgado Strong Kline Cordova Barajas
Roach Rosas Winters Jacobson Lester Knox Bullock Kerr Leach Meadows Orr Davila Whitehead
Pruitt Kent Conway McKee Barr David Dejesus Marin Berger McIntyre Blankenship Gaines
Palacios Cuevas Bartlett Durham Dorsey McCall Odonnell Stein Browning Stout Lowery Sloan
McLean Hendricks Calhoun Sexton Chung Gentry Hull Duarte Ellison Nielsen Gillespie Buck
Middleton Sellers Leblanc Esparza Hardin Bradshaw McIntosh Howe Livingston Frost Glass
Morse Knapp Herman Stark Bravo Noble Spears Weeks Corona Frederick Buckley McFarland
Hebert Enriquez Hickman Quintero Randolph Schaefer Walls Trejo House Reilly Pennington
Michael Conrad Giles Benjamin Crosby Fitzpatrick Donovan Mays Mahoney Valentine Raymond
Medrano Hahn McMillan Small Bentley Felix Peck Lucero Boyle Hanna Pace Rush Hurley
Harding McConnell Bernal Nava Ayers Everett Ventura Avery Pugh Mayer Bender Shepard
McMahon Landry Case Sampson Moses Magana Blackburn Dunlap Gould Duffy Vaughan Herring
McKay Espinosa Rivers Farley Bernard Ashley Friedman Potts Truong Costa Correa Blevins
Nixon Clements Fry Delarosa Best Benton Lugo Portillo Dougherty Crane Haley Phan Villalobos
Blanchard Horne Finley Quintana Lynn Esquivel Bean Dodson Mullen Xiong Hayden Cano Levy
Huber Richmond Moyer Lim Frye Sheppard McCarty Avalos Booker Waller Parra Woodward Jaramillo
Krueger Rasmussen Brandt Peralta Donaldson Stuart Faulkner Maynard Galindo Coffey Estes
Sanford Burch Maddox Vo Oconnell Vu Andersen Spence McPherson Church Schmitt Stanton Leal
Cherry Compton Dudley Sierra Pollard Alfaro Hester Proctor Lu Hinton Novak Good Madden
McCann Terrell Jarvis Dickson Reyna Cantrell Mayo Branch Hendrix Rollins Rowland Whitney
Duke Odom Daugherty Travis Tang Archer Kowalski Nowak Wiśniewski Müller Schäfer Rossi
Bianchi Ferrari Esposito Dubois Lefebvre Moreau Laurent Ivanov Petrov Sokolov Yamamoto
Tanaka Suzuki Takahashi Watanabe Sato Okafor Adeyemi Mensah Osei Nwosu Haddad Mansour
Nasser Karimi Hosseini Yilmaz Demir Kaya Sahin Gupta Sharma Reddy Iyer Nair Menon Banerjee
O'Brien O'Connor O'Neill McAllister MacLeod Vandenberg Delacroix Saint-Jean
""")

ORG_HEADS = _words("""
Acme Apex Atlas Beacon Blueridge Bluewater Cascade Cedar Centennial Summit Coastal
Crescent Delta Eagle Evergreen Falcon Frontier Goldengate Granite Harbor Heritage
Highland Horizon Keystone Lakeside Liberty Meridian Midland Monarch Northstar Northwind
Oakmont Pacific Pinnacle Pioneer Prairie Redwood Riverside Sierra Silverline Sterling
Sunrise Tidewater Trident Union Valley Vanguard Westfield Willow Lonestar Bayside
Lakeshore Copper Iron Harborview Orchard Mesa Canyon Alder Juniper Magnolia Sequoia
""")

ORG_TRADES = _words("""
Logistics Holdings Capital Partners Manufacturing Construction Builders Properties
Realty Health Medical Pharmaceuticals Biotech Software Systems Networks Foods Farms
Energy Solar Petroleum Mining Freight Transport Airlines Marine Insurance Bank Credit
Trust Investments Ventures Media Publishing Studios Apparel Textiles Motors Auto Parts
Hospitality Hotels Restaurants Retail Stores Supply Chemicals Plastics Steel Lumber
Dental Clinics Labs Robotics Analytics Security Staffing Consulting Engineering
""")

ORG_SUFFIXES = ["Inc.", "LLC", "Corp.", "Co.", "Group", "LP", "Ltd.", "Holdings", "PLLC", "N.A."]

LAW_FIRM_SUFFIXES = ["LLP", "& Associates", "P.C.", "Law Group", "PLLC"]

COURTS = [
    ("US-FED", "U.S. District Court for the District of Delaware"),
    ("US-FED", "U.S. District Court for the Southern District of New York"),
    ("US-FED", "U.S. District Court for the Eastern District of Texas"),
    ("US-FED", "U.S. District Court for the Northern District of Illinois"),
    ("US-FED-CA", "U.S. District Court for the Northern District of California"),
    ("US-FED-CA", "U.S. District Court for the Central District of California"),
    ("US-FED-CA", "U.S. District Court for the Southern District of California"),
    ("US-CA", "Superior Court of California, County of Los Angeles"),
    ("US-CA", "Superior Court of California, County of San Francisco"),
    ("US-CA", "Superior Court of California, County of Alameda"),
    ("US-CA", "Superior Court of California, County of San Diego"),
    ("US-CA", "Superior Court of California, County of Santa Clara"),
]

PRACTICE_AREAS = [
    ("Civil litigation", "LIT"),
    ("Employment", "EMP"),
    ("Personal injury", "PI"),
    ("Commercial contracts", "COM"),
    ("Intellectual property", "IP"),
    ("Family law", "FAM"),
    ("Real estate", "RE"),
    ("Insurance defense", "INS"),
]

MATTER_SUBJECTS = [
    "breach of contract",
    "wrongful termination",
    "trade secret misappropriation",
    "patent infringement",
    "premises liability",
    "product liability",
    "lease dispute",
    "wage and hour claims",
    "insurance coverage",
    "partnership dissolution",
    "custody modification",
    "construction defect",
    "unfair competition",
    "trademark opposition",
    "motor vehicle accident",
    "quiet title",
]

# --- Matter work: tasks, notes, hand-entered deadlines --------------------------------

TASK_TITLES = [
    "Send engagement letter",
    "Collect client documents",
    "Draft initial disclosures",
    "Review opposing party's production",
    "Calendar hearing and notify client",
    "Prepare deposition outline",
    "Follow up with client on missing records",
    "Draft demand letter",
    "Research statute of limitations",
    "Prepare privilege log",
    "Order medical records",
    "Update case budget",
    "Draft settlement memo",
    "Send status report to client",
    "Review and sign off on discovery responses",
    "Schedule expert call",
    "Prepare exhibit list",
    "File proof of service",
    "Confirm mediator availability",
    "Check docket for new filings",
]
RECURRING_TASK_TITLES = [
    "Weekly docket check",
    "Monthly status report to client",
    "Biweekly discovery review meeting",
    "Check for new filings",
]
NOTE_SUBJECTS = {
    "call": ["Call with client", "Call with opposing counsel", "Voicemail from client",
             "Call with insurer", "Call with expert"],
    "meeting": ["Strategy meeting", "Client meeting", "Mediation session", "Team meeting",
                "Meet and confer"],
    "email": ["Email re document production", "Email re scheduling", "Email re settlement",
              "Email re discovery dispute", "Email from client"],
    "letter": ["Demand letter", "Meet-and-confer letter", "Engagement letter",
               "Letter re preservation of evidence", "Settlement offer letter"],
    "note": ["Case assessment", "Research notes", "Witness interview notes",
             "Notes on deposition", "File review"],
}  # fmt: skip
NOTE_SENTENCES = [
    "Discussed the timeline and next steps.",
    "Client confirmed the dates and will send the remaining records by Friday.",
    "Opposing counsel agreed to a two-week extension, to be confirmed in writing.",
    "Reviewed the latest production; several documents appear to be privileged.",
    "Settlement range discussed; client wants to wait for the expert report.",
    "Agreed to meet and confer on the scope of the requests.",
    "Witness recalls the meeting but not the exact date.",
    "Insurer requested an updated budget and a litigation plan.",
    "Follow up needed on the missing invoices.",
    "Mediation is tentatively set; waiting for the mediator's availability.",
]
HEARING_TITLES = [
    "Case management conference",
    "Hearing on motion to compel",
    "Status conference",
    "Hearing on demurrer",
    "Hearing on motion for summary judgment",
    "Final pretrial conference",
    "Mediation",
    "Settlement conference",
    "Ex parte hearing",
]
INTERNAL_DEADLINE_TITLES = [
    "Send draft to client for review",
    "Expert report to partner",
    "Internal review of discovery responses",
    "Budget update due to insurer",
    "Circulate deposition summary",
    "Client approval of settlement terms",
    "Prepare trial binder",
]
STATUTES = [
    ("Statute of limitations: personal injury", "Cal. Code Civ. Proc. § 335.1"),
    ("Statute of limitations: written contract", "Cal. Code Civ. Proc. § 337(a)"),
    ("Statute of limitations: oral contract", "Cal. Code Civ. Proc. § 339"),
    ("Statute of limitations: fraud", "Cal. Code Civ. Proc. § 338(d)"),
    ("Limitations period: federal claim", "28 U.S.C. § 1658(a)"),
    ("Charge filing deadline (EEOC)", "42 U.S.C. § 2000e-5(e)(1)"),
    ("Government claim deadline", "Cal. Gov. Code § 911.2"),
]
WAIVER_REASONS = [
    "Hearing vacated by the court.",
    "Matter settled; the deadline no longer applies.",
    "Opposing party stipulated to withdraw the motion.",
    "Superseded by the amended scheduling order.",
]
OVERRIDE_REASONS = [
    "Stipulation and order extending time.",
    "Court order continuing the hearing.",
    "Local rule shortens the period; confirmed with the clerk.",
]

# --- Documents: titles by category and the sentences their text is made of ----------
DOCUMENT_TITLES = {
    "pleading": ["Complaint", "First amended complaint", "Answer", "Cross-complaint",
                 "Answer to cross-complaint", "Demurrer"],
    "motion": ["Motion to compel further responses", "Motion for summary judgment",
               "Opposition to motion to dismiss", "Reply in support of motion",
               "Motion in limine No. 1", "Ex parte application"],
    "order": ["Order granting motion to compel", "Scheduling order", "Minute order",
              "Order after case management conference", "Stipulated protective order"],
    "discovery": ["Special interrogatories, set one", "Responses to requests for production",
                  "Deposition notice", "Requests for admission", "Privilege log",
                  "Deposition transcript"],
    "exhibit": ["Exhibit A - invoices", "Exhibit B - correspondence", "Photographs of the site",
                "Expert report", "Declaration of custodian of records"],
    "correspondence": ["Letter to opposing counsel", "Meet and confer letter",
                       "Email from client", "Letter to insurer", "Engagement letter"],
    "contract": ["Master services agreement", "Lease agreement", "Settlement agreement",
                 "Non-disclosure agreement", "Purchase agreement"],
    "research": ["Research memo on the statute of limitations", "Case law survey",
                 "Memo on the economic loss rule"],
    "report": ["Litigation budget", "Status report to client", "Case evaluation"],
    "other": ["Notes", "Invoice", "Calendar printout"],
}  # fmt: skip
DOCUMENT_SENTENCES = [
    "Plaintiff alleges that Defendant breached the agreement by failing to deliver the goods.",
    "The court has jurisdiction over this action and venue is proper in this district.",
    "Defendant denies each and every allegation not expressly admitted herein.",
    "The parties met and conferred in good faith but could not resolve the dispute.",
    "Responding party objects to this request as overly broad and unduly burdensome.",
    "The motion is granted in part and denied in part for the reasons stated on the record.",
    "The hearing is continued and the parties shall file a joint status report.",
    "Payment shall be made within thirty days of receipt of a correct invoice.",
    "This agreement shall be governed by the laws of the State of California.",
    "The witness testified that the shipment arrived damaged on the loading dock.",
    "Counsel requested an extension of time to respond to the discovery requests.",
    "The expert estimates the cost of repair at the amount stated in the attached schedule.",
    "The insurer reserved its rights under the policy pending further investigation.",
    "All documents produced are designated confidential under the protective order.",
    "The parties agree to mediate before filing any dispositive motion.",
    "Judgment is entered in favor of the moving party on the first cause of action.",
    "The lessee shall maintain the premises in good repair at its own expense.",
    "Please find enclosed the signed declaration and the exhibits referenced therein.",
    "The client confirmed that no further records exist for the period in question.",
    "Opposing counsel has not responded to our letter of last week.",
]
SETTLEMENT_SENTENCE = "The parties executed a settlement agreement resolving all claims."
# A word that is in about one document in 20,000: what a "rare word" search finds.
RARE_WORD = "palimpsest"
RARE_SENTENCE = f"The ledger is a {RARE_WORD}: earlier entries show through the later ones."
# A word in nearly every document: what a "common word" search finds.
COMMON_WORD = "court"

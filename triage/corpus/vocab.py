"""Slot fillers for the corpus templates: streets, times, vehicles, and how people write place names."""

from __future__ import annotations

STREETS = [
    "Church Road", "High Street", "Station Road", "Mill Lane", "Frogmore Street", "Cross Street",
    "Bridge Street", "Main Street", "Castle Street", "Park Road", "Queen Street", "Albert Avenue",
    "Hill Street", "School Lane", "Orchard Close", "the bypass", "Elgin Avenue", "Blandford Street",
    "Monnow Street", "Tudor Road", "Belle Vue Road", "Hamilton Road", "Abbey Street",
    "Manor Way", "Chapel Lane", "Beaufort Square", "Old Road", "Westfield Drive", "King Street",
    "Greenway", "Sandy Lane", "Harbour Road", "Shore Street", "Regent Street", "Warwick Way",
    "Lupus Street", "Harrow Road", "Maple Drive", "Oak Crescent", "Meadow View", "Riverside",
    "the back lane", "our road", "our street", "the estate road", "the main road",
    "Dean Street", "Wardour Street", "Lisson Grove", "Conway Road", "Grosvenor Road",
]
LANDMARKS = [
    "the school", "Tesco", "the Co-op", "the park", "the leisure centre", "the library",
    "the train station", "the bus station", "the roundabout", "the retail park", "the church",
    "the chippy", "the primary school", "Lidl", "the post office", "the community centre",
    "the rugby club", "the health centre", "the pub", "the petrol station", "the playground",
    "the marina", "the castle", "the car park", "the surgery", "Aldi", "the garage",
    "the bottle bank", "the football pitch", "the promenade", "the precinct", "the bridge",
]
WHEN = [
    "this morning", "last night", "yesterday", "today", "tonight", "earlier", "at 2am",
    "on Sunday", "overnight", "this afternoon", "first thing", "about an hour ago",
    "at the weekend", "on Friday night", "just now", "around 7",
]
SINCE = [
    "for two weeks", "since Monday", "for ages", "for over a month", "for 3 days", "all week",
    "since before Christmas", "for about ten days", "since the storm", "for weeks now",
    "for a fortnight", "since last Tuesday",
]
VEHICLES = [
    "a van", "a lorry", "a bus", "a taxi", "a delivery van", "a tractor", "a bin lorry", "a car",
    "an artic", "a tipper truck", "a removal van", "a 4x4", "a coach", "a skip lorry",
    "a motorbike", "a learner driver", "a white van",
]
KIDS = [
    "kids", "teenagers", "youths", "a gang of lads", "a group of teens", "young ones",
    "a bunch of kids", "lads on bikes", "about 10 teenagers", "a crowd of youths",
]
JUNCTIONS = [
    "the junction", "the crossroads", "the big junction", "the roundabout lights",
    "the pedestrian crossing", "the crossing", "the junction by {landmark}",
    "the junction with {street}", "the lights by {landmark}", "the toucan crossing",
]
TIMES_WORD = ["second", "third", "fourth", "fifth", "umpteenth"]
NUM = [str(n) for n in (2, 4, 7, 9, 12, 15, 18, 21, 23, 27, 33, 41, 56, 64, 88, 102)]
SIZES = ["huge", "massive", "big", "deep", "enormous", "nasty", "proper", "car-wrecking"]

OPENERS = [
    "Hi,", "Morning all,", "PSA:", "FYI", "Not again...", "Hello,", "Evening,",
    "Just so you know,", "Can someone look at this:", "Right,", "Ugh.", "Heads up:",
    "Day 3 of reporting this:", "Anyone else noticed?", "Hiya,", "Well then.",
    "Sorry to bother you but", "Quick one:", "Once again,", "Is anyone going to do something?",
]
CLOSERS = [
    "Please sort it.", "Cheers", "Thanks in advance.", "#fixit", "Sort it out!",
    "Not good enough.", "Who do I even report this to?", "RT please", "Absolute joke.",
    "Sigh.", "Shared so others know.", "Can this be looked at?", "Any update?",
    "Please help.", "Ta.", "Would be grand if someone fixed it.", "Still waiting.",
    "Third time I've reported this.", "Pics attached.", "Thanks!", "Diolch.",
    "Not impressed.", "Come on!", "Someone's going to get hurt.",
]
EMOJI = {
    "angry": ["😡", "🤬", "😤", "🙄", "😠", "🤦", "🤦‍♀️", "💩"],
    "alarm": ["🚨", "⚠️", "‼️", "😱", "🆘"],
    "sad": ["😩", "😢", "😞", "😔"],
    "happy": ["🙏", "👏", "😊", "❤️", "☀️", "😂", "🥰", "👍", "💙"],
    "things": ["🚧", "🌊", "🌳", "🗑️", "🚮", "🔊", "🎶", "🚓", "🚑", "🏥", "🚦", "💡", "🚗", "🔥"],
}
# Out-of-area surface forms (always out-of-area, except where the post says Co Down).
OUT_OF_AREA_PLACES = [
    "Cardiff", "Newport", "Cwmbran", "Pontypool", "Hereford", "Bristol", "Belfast", "Lisburn",
    "Camden", "Kensington", "Islington", "Manchester", "Birmingham", "Swansea", "Caerdydd",
    "Bangor, Gwynedd", "Bangor in North Wales", "Leeds", "Newry", "Downpatrick", "Brixton",
    "Glasgow", "Gloucester", "Ross-on-Wye", "Casnewydd", "Lydney", "Carrickfergus", "Chelsea",
]
OUT_OF_AREA_POSTCODES = [
    "CF10 1EP", "LL57 2PW", "BS1 4DJ", "BT1 5GS", "NW1 2DB", "SW3 5RS", "NP20 1AA", "M1 1AE",
    "B1 1BB", "NP44 3HX", "BT28 1AB", "SE1 7PB", "HR4 9AB", "GL1 2EH", "W10 6BB", "E1 6AN",
]
OUT_OF_AREA_POINTS = [
    (51.4816, -3.1791), (51.5842, -2.9977), (54.5973, -5.9301), (51.5390, -0.1426),
    (53.2265, -4.1346), (51.4545, -2.5879), (52.0565, -2.7160), (51.4991, -0.1938),
    (54.5162, -6.0580), (51.6537, -3.0210), (53.4808, -2.2426),
]
# Streets in each area for postcodes: inward codes are made up.
INWARD = ["1AA", "5DL", "9TT", "2LR", "4RT", "6AA", "3BQ", "7HX", "8JE", "0NP", "2WD", "5BW"]
GENERIC_HOSPITAL = [
    "A&E", "the hospital", "my GP surgery", "the GP", "the doctors", "the health centre",
    "the walk-in centre", "the minor injuries unit", "out of hours", "the local surgery",
    "the practice", "the GP practice", "the hospital pharmacy", "the emergency department",
]
TXT = {
    "you": ["u", "ya"], "your": ["ur", "yr"], "are": ["r"], "please": ["pls", "plz", "pleeease"],
    "people": ["ppl"], "because": ["cos", "coz", "bc"], "tonight": ["2nite", "tonite"],
    "tomorrow": ["2moro", "tmrw"], "before": ["b4"], "really": ["rly", "realy", "reeeally"],
    "with": ["w/", "wiv"], "about": ["abt", "bout"], "thanks": ["thx", "ta", "thnx"],
    "going to": ["gonna"], "want to": ["wanna"], "don't know": ["dunno"], "what": ["wot", "wat"],
    "isn't": ["isnt", "aint"], "can't": ["cant", "carnt"], "don't": ["dont", "dnt"],
    "it's": ["its"], "doesn't": ["doesnt"], "for": ["4"], "to": ["2"], "be": ["b"],
    "the": ["da", "teh"], "someone": ["some1", "sum1"], "anyone": ["any1"], "great": ["gr8"],
    "later": ["l8r"], "okay": ["ok", "k"], "though": ["tho"], "night": ["nite"],
    "sorry": ["soz"], "seriously": ["srsly"], "message": ["msg"], "street": ["st"],
}

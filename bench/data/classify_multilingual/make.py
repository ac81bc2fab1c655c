"""Build the classify_multilingual benchmark: German support tickets and Chinese reviews for zero-shot classification.

Every text below was written by hand by an LLM helper for this project (synthetic, not collected or scraped), each
with the label it was written for. This script shuffles each set with a fixed seed, assigns ids, writes
de_tickets.jsonl, zh_reviews.jsonl, de_labels.txt, zh_labels.txt and README.md, then verifies them.

    python3 bench/data/classify_multilingual/make.py          # rebuild + verify
    python3 bench/data/classify_multilingual/make.py --check  # verify the files on disk only
"""
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 20261202
HERE = Path(__file__).resolve().parent

DE_LABELS = {
    "billing": "invoices, charges and payments, such as wrong or double charges, payment methods, discounts or prices "
               "missing on the bill, dunning letters, refunds of wrong charges or of cancelled orders",
    "shipping": "delivery of an order, such as where the parcel is, delays, tracking, delivery address and time, couriers, "
                "parcels or items missing from a delivery",
    "technical problem": "a product, device, app or website does not work as it should (errors, crashes, defects), "
                         "and the customer wants it fixed",
    "account access": "getting into the customer account, such as login failures, passwords, locked accounts, two-factor "
                      "or verification codes, recovering access",
    "returns": "sending items back or exchanging them, such as return labels, return periods, exchanges, and refunds for "
               "returned items",
}
ZH_LABELS = {
    "positive": "the reviewer is clearly satisfied overall and praises the product, restaurant or hotel",
    "negative": "the reviewer is clearly dissatisfied overall, including sarcastic praise that means the opposite",
    "mixed": "neutral or lukewarm, or clear good and bad points without an overall verdict either way",
}

DE = {
"billing": [
    "Auf meiner Rechnung Nr. 2023-44817 stehen 89,90 €, im Warenkorb waren es aber 79,90 €. Können Sie mir erklären, woher die zehn Euro Unterschied kommen?",
    "Hallo, ihr habt mir den Betrag für meine Bestellung zweimal von der Kreditkarte abgebucht. Bitte erstattet die doppelte Abbuchung so schnell wie möglich.",
    "Sehr geehrte Damen und Herren, ich benötige für meine Steuererklärung eine Rechnung mit ausgewiesener Mehrwertsteuer. Die Bestellbestätigung reicht meinem Steuerberater nicht aus. Mit freundlichen Grüßen, Karin Brandt",
    "Mein Gutscheincode SOMMER15 wurde beim Bezahlen akzeptiert, aber der Rabatt taucht auf der Rechnung nicht auf. Ich habe den vollen Preis gezahlt.",
    "Das Paket kam pünktlich und alles ist in Ordnung. Nur stehen auf der Rechnung 4,95 € Versandkosten, obwohl ab 50 € versandkostenfrei geliefert wird und ich für 63 € bestellt habe. Bitte korrigieren.",
    "warum bekomme ich eine mahnung?? ich hab die rechnung am 3. per überweisung bezahlt, der betrag ist längst bei euch",
    "Kann ich die Rechnung nachträglich auf meine Firma ausstellen lassen? Ich habe beim Bestellen versehentlich nur meinen Privatnamen angegeben.",
    "Ihr habt mein Abo nach der Kündigung trotzdem für einen weiteren Monat abgerechnet. 12,99 € wurden am 1. eingezogen, obwohl die Kündigungsbestätigung vom 20. des Vormonats ist.",
    "Hallo zusammen, beim Bezahlen mit PayPal kam eine Fehlermeldung, trotzdem ist das Geld von meinem Konto weg. Die Bestellung steht bei euch aber noch als 'nicht bezahlt'. Was nun?",
    "Ich möchte für künftige Bestellungen von Lastschrift auf Kauf auf Rechnung umstellen. Geht das?",
    "Die Lastschrift für Bestellung 558120 ist zurückgegangen, weil ich das Konto gewechselt habe. Wie kann ich den Betrag jetzt begleichen, ohne dass Gebühren entstehen?",
    "Wieso wird mir eine Rücklastschriftgebühr von 7,50 € berechnet? Der Fehler lag bei meiner Bank, und die hat das auch schriftlich bestätigt.",
    "Guten Tag, ich bin Kleinunternehmer und brauche die Rechnungen der letzten zwölf Monate gesammelt als PDF. Ist das möglich?",
    "Sie haben mir den Artikel zum alten Preis von 149 € berechnet, obwohl auf der Produktseite am Bestelltag 119 € stand. Einen Screenshot davon habe ich. Bitte erstatten Sie mir die 30 € Differenz.",
    "Moin, bei mir wurde die Ratenzahlung abgelehnt, aber im Kontoauszug sehe ich trotzdem die erste Rate. Könnt ihr das bitte prüfen?",
    "Meine Kreditkarte wurde mit 214,00 USD belastet, obwohl ich im deutschen Shop in Euro bestellt habe. Jetzt kommen noch Fremdwährungsgebühren meiner Bank dazu.",
    "Ich habe eine Gutschrift über 25 € bekommen, kann sie aber beim Bezahlen nirgends einlösen. Wo finde ich das Guthaben?",
    "Rechnungsadresse falsch!! Da steht noch meine alte Adresse in Köln drauf, ich wohne seit März in Bonn. Bitte neue Rechnung schicken.",
    "Ist die Rechnung für die Bestellung vom 14.02. schon bezahlt? Ich finde die Abbuchung nicht und möchte keine Mahnung riskieren.",
    "Obwohl die Jahresgebühr für Premium längst bezahlt ist, werde ich jeden Monat zusätzlich belastet. Das ist jetzt schon das dritte Mal.",
    "Sehr geehrtes Kundenservice-Team, laut Ihrer Preisgarantie erstatten Sie die Differenz, wenn der Preis innerhalb von 14 Tagen sinkt. Der Fernseher kostet inzwischen 80 € weniger. Bitte überweisen Sie mir die Differenz.",
    "wie soll ich die rechnung bezahlen wenn in der mail kein verwendungszweck steht",
    "Warum stehen auf meiner Rechnung 19 % MwSt., obwohl ich als Unternehmen aus Österreich mit gültiger UID bestellt habe? Nach Reverse Charge müsste das doch steuerfrei sein.",
    "Von zwei bestellten Artikeln wurde einer noch vor dem Versand storniert. Abgebucht wurde trotzdem die volle Summe. Bitte bucht den stornierten Artikel zurück.",
    "Toll, jetzt zahle ich also für einen Service, den ich nie gebucht habe. 'Schutzpaket Plus 3,99 €' – wo soll ich das bitte angeklickt haben? Runter damit von der Rechnung.",
    "Guten Tag, ich bitte um eine korrigierte Rechnung: Die Firma heißt 'Hoffmann & Söhne GmbH', nicht 'Hofman und Sohne'.",
    "Mir wurden 9,90 € Aufpreis für Expressversand berechnet, das Paket kam aber ganz normal per Standardversand nach vier Tagen. Den Aufpreis hätte ich gern zurück.",
    "Ihre Zahlungserinnerung ist bei mir angekommen. Eine Rechnung habe ich aber nie erhalten, weder per Post noch per E-Mail. Schicken Sie sie mir bitte zu, dann überweise ich sofort.",
    "Hallo, kann man eine Bestellung auf zwei Zahlungsarten aufteilen, also einen Teil mit Gutschein und den Rest mit Kreditkarte?",
    "Auf meiner Kreditkartenabrechnung steht ein fremder Name, 'XPAY*MEDIASTORE', mit genau meinem Bestellbetrag. Ist das wirklich von euch? Sonst lasse ich die Karte sperren.",
    "Ich bekomme für jede Bestellung zwei Rechnungen, eine als PDF und eine in der App, mit unterschiedlichen Beträgen. Welche gilt denn nun?",
    "Die Studentenermäßigung wurde bei der Verlängerung meines Abos nicht berücksichtigt, obwohl mein Nachweis noch bis September gültig ist.",
    "Seit Januar zahle ich 2 € mehr im Monat für meinen Tarif, ohne dass mir jemand eine Preiserhöhung angekündigt hat. Ist das überhaupt rechtens?",
    "Bitte schicken Sie mir eine Zahlungsbestätigung für Bestellung 73311. Mein Arbeitgeber erstattet mir die Kosten nur gegen Beleg.",
    "Ich habe aus Versehen zweimal überwiesen, 45,80 € am Montag und nochmal am Dienstag. Wie bekomme ich die zweite Zahlung zurück?",
    "hey, hab beim bezahlen klarna gewählt und dann doch mit karte bezahlt, jetzt will klarna das geld auch noch?? was läuft da schief",
    "Wurde mein Gutschein überhaupt verrechnet? Die Summe auf der Rechnung passt nicht zu dem, was mir beim Checkout angezeigt wurde.",
    "Sehr geehrte Damen und Herren, wir erhalten seit zwei Monaten Mahnungen für eine Rechnung, die nachweislich am 12.05. beglichen wurde. Der Überweisungsbeleg liegt bei. Wir bitten um Klärung und Einstellung des Mahnverfahrens.",
    "Die Rechnung ist nur auf Englisch. Gibt es die auch auf Deutsch? Unsere Buchhaltung besteht darauf.",
    "Ich wollte fragen, ob ich die offene Rechnung über 320 € in drei Raten zahlen kann. Im Moment ist es finanziell etwas knapp.",
    "Bei einer Teillieferung wurde mir schon der komplette Betrag abgebucht, auch für die Sachen, die noch gar nicht verschickt sind. Ich dachte, ihr bucht erst bei Versand ab?",
    "Mein Geschenkgutschein ist angeblich verfallen, obwohl drei Jahre Gültigkeit draufstehen. Bitte schreibt mir die 50 € wieder gut.",
    "Auf der Rechnung fehlt die Seriennummer des Geräts, die brauche ich für die Versicherung. Können Sie eine neue Rechnung mit Seriennummer erstellen?",
    "Wieso nehmt ihr für ein kostenloses Probeabo meine Kreditkartendaten und bucht dann nach 7 Tagen 29,99 € ab? Dass sich das automatisch verlängert, stand nirgends.",
    "Wir sind eine Grundschule und können nur auf Rechnung mit 30 Tagen Zahlungsziel bestellen. Ist das bei Ihnen möglich?",
    "Der Betrag auf meiner Kreditkartenabrechnung ist 1,50 € höher als auf der Rechnung. Berechnen Sie eine Gebühr für Kartenzahlung?",
    "Hallo liebes Team, ich habe mit 10 % Newsletter-Rabatt bestellt, berechnet wurde aber der volle Preis. Könnt ihr mir die 6,40 € erstatten? Danke!",
    "bitte storniert die doppelte buchung vom 02.11, ich hab nur EINMAL bestellt",
    "Guten Abend, unter 'Rechnungen' in meinem Kundenkonto sehe ich nur Bestellungen ab 2022. Wie komme ich an die Rechnung für meinen Laptop von 2021? Ich brauche sie für einen Garantiefall.",
    "Mir wird eine Inkassogebühr angedroht, wegen 8,99 €. Ich wusste nicht mal, dass da noch etwas offen ist. Bitte schicken Sie mir eine Aufstellung, welche Rechnung das betrifft.",
    "Die Mehrwertsteuer auf der Rechnung ist falsch, 7 % statt 19 % bei einem Elektrogerät. Bitte korrigieren Sie das, sonst bekomme ich Ärger mit dem Finanzamt.",
    "Kann man bei euch eigentlich auch per Vorkasse zahlen? Ich habe keine Kreditkarte und möchte PayPal nicht nutzen.",
    "Versandflatrate für ein Jahr gebucht, und trotzdem habe ich bei den letzten drei Bestellungen jeweils 3,95 € Versand bezahlt. Bitte schreibt mir die 11,85 € gut.",
    "Sie haben meine Bestellung storniert, weil der Artikel nicht lieferbar war, das ist in Ordnung. Aber das Geld ist nach zwei Wochen immer noch nicht auf meiner Karte.",
    "Ich habe mit Apple Pay bezahlt und bekomme jetzt eine Zahlungsaufforderung per Post. Liegt da ein Fehler vor?",
    "Die Rechnung lautet auf 'Herrn Julia Wagner'. Könnten Sie das bitte korrigieren? Ich muss sie bei meinem Arbeitgeber einreichen.",
    "Ihr habt mir im Oktober den Familientarif berechnet, ich habe aber den Einzeltarif. Bitte prüft das und erstattet den zu viel gezahlten Betrag.",
    "Wo sehe ich eigentlich, welche Zahlungsmethode für mein Abo hinterlegt ist? Die alte Karte läuft Ende des Monats ab und ich will nicht, dass die nächste Zahlung platzt.",
    "Ich bitte um Stornierung der Rechnung 2024-0098, die Bestellung ist nie zustande gekommen. Trotzdem kam heute eine Zahlungsaufforderung.",
    "Servus, mir wurde ein Artikel in Rechnung gestellt, den ich vor dem Bezahlen aus dem Warenkrob gelöscht hatte. Auf der Rechnung sind jetzt drei Positionen statt zwei.",
    "Sind die Preise im Shop eigentlich inklusive Mehrwertsteuer? Auf meiner Rechnung wurden nämlich noch mal 19 % draufgerechnet.",
    "Könnten Sie die Rechnungen künftig direkt an unsere Buchhaltung schicken statt an meine private E-Mail-Adresse? Die Adresse der Buchhaltung gebe ich Ihnen gern durch.",
],
"shipping": [
    "Wo bleibt mein Paket? Bestellt am Montag, laut Mail am Dienstag versandt, und seit vier Tagen steht im Tracking nur 'Sendung wurde angekündigt'. Langsam frage ich mich, ob es überhaupt verschickt wurde.",
    "Die Sendungsverfolgung zeigt 'zugestellt', aber bei mir ist nichts angekommen. Auch bei den Nachbarn nicht.",
    "Kann ich die Lieferadresse noch ändern? Ich habe mich vertippt, es muss Hauptstraße 14 heißen, nicht 41.",
    "Hallo, liefern Sie auch in die Schweiz? Und wenn ja, muss ich bei der Zustellung Zoll bezahlen?",
    "Wow, drei Wochen für ein Ladekabel. Da wäre ich zu Fuß schneller gewesen. Wann kommt das Ding denn nun?",
    "Der Paketbote hat mein Paket beim Nachbarn im 3. Stock abgegeben, und der ist für zwei Wochen verreist. Kann man das irgendwie umleiten?",
    "Ich habe zwei Teile bestellt, aber nur eins ist gekommen. Wird der Rest noch nachgeschickt?",
    "Könnt ihr mir die Trackingnummer schicken? In der Versandbestätigung war kein Link drin.",
    "Sehr geehrte Damen und Herren, meine Bestellung 90211 sollte laut Bestätigung am 18. geliefert werden. Heute ist der 25. und der Status hat sich nicht verändert. Ich benötige das Gerät dringend für eine Veranstaltung am Wochenende.",
    "Paket liegt seit 5 Tagen im Verteilzentrum Leipzig und bewegt sich nicht. Was ist da los?",
    "Kann ich meine Bestellung an eine Packstation liefern lassen statt nach Hause? Ich bin tagsüber nie da.",
    "hallo. das paket war heute da aber der karton war komplett aufgerissen und nass. inhalt scheint ok, nur zur info, euer paketdienst sollte mal besser aufpassen",
    "Bis wann muss ich bestellen, damit es noch vor Weihnachten ankommt?",
    "Der Fahrer hat eine Benachrichtigungskarte eingeworfen, obwohl ich den ganzen Tag zu Hause war. Jetzt soll ich das Paket in einer Filiale 8 km entfernt abholen. Eine Frechheit.",
    "Ist es möglich, die Lieferung auf nächste Woche zu verschieben? Ich bin bis Sonntag im Urlaub.",
    "Meine Bestellung steht seit einer Woche auf 'in Bearbeitung'. Wann wird sie endlich verschickt?",
    "Guten Tag, wie werden Großgeräte geliefert? Wird die Waschmaschine bis in den Keller getragen oder nur bis zur Bordsteinkante gebracht?",
    "Das Paket ging laut Tracking mit dem Vermerk 'Empfänger unbekannt' zurück an euch. Die Adresse stimmt aber, ich wohne dort seit zehn Jahren. Bitte schickt es nochmal los.",
    "Die Lieferung ist angekommen, aber das Netzteil fehlt, obwohl es auf dem Lieferschein steht. Der Karton war noch original verklebt.",
    "Warum kommt meine Bestellung mit Hermes? Ich hatte extra DHL ausgewählt, weil Hermes bei uns nie zuverlässig zustellt.",
    "Wir haben 40 Stück für unser Büro bestellt, geliefert wurden 4 Kartons mit je 5 Stück. Wo sind die restlichen 20?",
    "Heyy, kommt mein Paket heute noch? Tracking sagt 'in Zustellung' seit 7 Uhr morgens und jetzt ist es 19 Uhr 😅",
    "Das Paket wurde an meine alte Adresse geliefert, obwohl im Kundenkonto längst die neue steht. Die Nachmieter behaupten, sie hätten nichts bekommen.",
    "ich hab express bestelt weil ichs morgen brauch, jetzt steht da lieferung in 3-5 werktagen?? bitte dringend klären",
    "Bitte keine Abgabe beim Nachbarn, nur persönlich an mich. Kann man das bei der Bestellung irgendwo vermerken?",
    "Meine Lieferung kommt in zwei Paketen. Das erste ist da, vom zweiten fehlt jede Spur, und die Trackingnummer wird als ungültig angezeigt.",
    "Sehr geehrtes Team, ich wollte höflich nachfragen, ob die Bestellung 34-7781 bereits Ihr Lager verlassen hat. Vielen Dank im Voraus.",
    "Vor unserem Haus ist seit Tagen eine Baustelle und kein Lieferwagen kommt durch. Kann ich für diese Sendung meine Arbeitsadresse angeben?",
    "Kommt das Paket in neutraler Verpackung? Es ist ein Geschenk und soll nicht gleich erkennbar sein.",
    "Mein Paket hängt seit neun Tagen beim Zoll fest. Brauchen die noch Unterlagen von mir?",
    "Der Spediteur hat angerufen und einen Liefertermin am Dienstag zwischen 8 und 16 Uhr vorgeschlagen. Geht das auch enger, zum Beispiel nur vormittags? Ich arbeite nachmittags und kann nicht den ganzen Tag warten.",
    "Das ist jetzt der dritte Zustellversuch, bei dem der Bote nicht mal klingelt. Sein Auto hab ich vom Fenster aus gesehen!!",
    "Kann man mehrere Bestellungen zusammen in einem Paket verschicken? Ich hab gestern und heute was bestellt.",
    "Angegeben war eine Lieferzeit von 2-3 Werktagen, jetzt sind es schon acht. Ich möchte wenigstens wissen, woran es liegt.",
    "Ihr Kurier hat das Paket einfach vor die Haustür gestellt, im Regen, in einem Mehrfamilienhaus. Zum Glück hat es niemand mitgenommen. Bitte stellt nur dort ab, wenn ich das erlaubt habe.",
    "Der vorbestellte Artikel wurde jetzt zum zweiten Mal verschoben. Wann wird er denn wirklich verschickt?",
    "Meine Sendung ist laut Tracking in Polen gelandet, obwohl ich in Hamburg wohne. Ist das ein Umweg oder ist da was schiefgelaufen?",
    "Kann ich das Paket selbst bei euch im Lager abholen? Ich wohne zehn Minuten entfernt und würde mir die Versandzeit gern sparen.",
    "Grüß Gott, ist eine Lieferung an eine Postfiliale in Österreich möglich? Ich finde die Option im Checkout nicht.",
    "Laut DHL-App ist die Sendung 'beschädigt und nicht zustellbar' und geht zurück an den Absender. Schickt ihr mir dann eine neue? Ich brauche den Drucker wirklich.",
    "warum dauert der Versand nach Frankreich 3 wochen?? Auf eurer Seite stehen 5-7 Tage.",
    "Ist mein Paket eigentlich versichert? Es ist ein Objektiv für 1.200 € drin und das Tracking steht seit Tagen still.",
    "Könnten Sie künftig mit einem anderen Paketdienst versenden? GLS gibt meine Pakete immer am Kiosk ab, und der hat am Wochenende zu.",
    "Der Bote sagt, meine Hausnummer existiert nicht. Sie existiert aber, es ist ein Hinterhaus (14a). Wie kann ich einen Zustellhinweis hinterlegen?",
    "Ich warte seit dem 2. März auf meine Bestellung und habe langsam keine Geduld mehr. Bitte sagen Sie mir ehrlich, ob die Ware überhaupt noch kommt.",
    "Lieferschein und Rechnung lagen im Paket, nur die Kopfhörer selbst nicht. Der Karton war leer bis auf das Füllmaterial.",
    "Guten Morgen! Die Versandbestätigung kam vor einer Stunde. Ab wann ist die Sendungsnummer bei DPD aktiv? Im Moment heißt es 'keine Daten gefunden'.",
    "Liefert ihr auch samstags? Unter der Woche arbeite ich Schicht und bin schwer zu erreichen.",
    "Die Matratze wurde angeblich zugestellt, unterschrieben hat aber jemand namens 'Meier'. In unserem Haus wohnt kein Meier.",
    "Dass sich die Lieferung um eine Woche verzögert, hätte man mir auch mal mitteilen können. Stattdessen musste ich selbst hinterhertelefonieren.",
    "Mein Sohn hat am Freitag Geburtstag. Kann die Sendung noch schneller zugestellt werden, wenn ich nachträglich Express dazubuche? Sie ist schon unterwegs.",
    "Bitte beachten Sie bei Lieferungen an unsere Firma, dass der Wareneingang nur Mo-Do von 7 bis 14 Uhr besetzt ist. Die letzte Lieferung kam am Freitagnachmittag und ging wieder zurück.",
    "Die Sendung ist seit 12 Tagen unterwegs, das Tracking wurde seit dem zweiten Tag nicht mehr aktualisiert. Können Sie beim Versanddienstleister einen Nachforschungsauftrag stellen?",
    "Ist der Artikel wirklich auf Lager? Auf der Seite steht 'sofort lieferbar', aber nach sechs Tagen ist immer noch nichts verschickt.",
    "paket ist beim falschen nachbarn gelandet, hausnr 12 statt 21. der sagt er hat nix. was jetzt",
    "Könnt ihr meine Bestellung auf zwei Lieferungen aufteilen? Das Sofa bitte jetzt, den Sessel erst im Mai, wenn wir umgezogen sind.",
    "Kann man irgendwo sehen, aus welchem Lager meine Bestellung kommt? Letztes Mal kam die Ware aus Spanien und war zehn Tage unterwegs.",
    "Versendet ihr eigentlich ohne Plastikfüllmaterial? Bei meiner letzten Lieferung war der Karton dreimal so groß wie nötig und voller Luftpolster.",
    "Auf der Produktseite stand 'Lieferung morgen', in der Bestellbestätigung steht plötzlich 'Lieferung in 2-4 Wochen'. Welches Datum stimmt denn jetzt?",
    "Ich sitze im Rollstuhl und wohne im 4. OG ohne Aufzug. Kann der Spediteur das Paket bis in die Wohnung bringen? Bisher haben Spediteure die Pakete immer unten im Hausflur abgestellt.",
    "Hallo, meine Bestellung ist seit zehn Tagen 'versandbereit'. Was heißt das genau, liegt die noch bei euch im Lager?",
    "Der Bote hat das Päckchen in den Briefkasten gequetscht, dabei ist der Buchumschlag eingerissen. Zurückschicken will ich nichts, aber sagt dem Zusteller bitte, dass er klingeln soll.",
],
"technical problem": [
    "Mein neuer Bluetooth-Lautsprecher lässt sich nicht mit dem Handy koppeln. Er blinkt blau, taucht aber in der Geräteliste nicht auf.",
    "Die App stürzt jedes Mal ab, wenn ich auf 'Meine Bestellungen' tippe. iPhone 12, iOS ist aktuell.",
    "Seit dem letzten Firmware-Update startet die Kamera nicht mehr, das Display bleibt schwarz.",
    "Guten Tag, der Drucker meldet ständig 'Papierstau', obwohl definitiv kein Papier drinsteckt. Ich habe alle Klappen geöffnet und nachgesehen.",
    "Die Kopfhörer laden nicht mehr. Das Lämpchen geht kurz an und gleich wieder aus, egal welches Kabel ich nehme.",
    "wlan bricht alle 10 min ab seit ich den neuen router von euch hab. mit dem alten gabs nie probleme",
    "Beim Checkout kommt immer 'Ein unbekannter Fehler ist aufgetreten (Code 502)'. Ich hab es mit Chrome und Firefox probiert.",
    "Bevor ich das Gerät zurückschicke, frage ich lieber erst bei Ihnen: Die Smartwatch zählt seit gestern keine Schritte mehr, obwohl alle Berechtigungen aktiv sind. Ich würde sie gern behalten, gibt es einen Trick?",
    "Der Saugroboter fährt nur noch im Kreis und findet nicht zurück zur Ladestation.",
    "Ich bekomme keine Push-Benachrichtigungen mehr von der App, obwohl sie in den Einstellungen aktiviert sind.",
    "Der Fernseher schaltet sich abends nach etwa einer Stunde von selbst aus. Der Energiesparmodus ist deaktiviert. Woran kann das liegen?",
    "Die Tastatur schreibt manche Buchstaben doppelt, zum Beispiel 'Hallloo'. Das passiert nur bei einigen Tasten.",
    "Hallo, die Kaffeemaschine zeigt den Fehler E07 und pumpt kein Wasser mehr. Entkalkt habe ich erst letzte Woche. Im Handbuch steht zu E07 nur 'Kundendienst kontaktieren', deshalb schreibe ich Ihnen.",
    "Ihre Website zeigt bei mir seit heute früh nur eine weiße Seite. Cache gelöscht, anderen Browser getestet, immer dasselbe.",
    "Der Touchscreen meines Tablets reagiert im unteren Drittel nicht mehr. Runtergefallen ist es nie.",
    "Klasse Produkt, wirklich. Die Maus klickt jetzt ganz von allein doppelt, ohne dass ich etwas mache. Wie stelle ich das ab?",
    "Nach dem Update auf Version 4.2 ist der Dunkelmodus der App kaputt: weiße Schrift auf weißem Hintergrund, man kann nichts lesen.",
    "Sehr geehrte Damen und Herren, der bei Ihnen gekaufte Heizlüfter riecht seit einigen Tagen verbrannt. Ich habe ihn sofort ausgesteckt. Ist das ein bekannter Defekt und was soll ich tun?",
    "Das Ladegerät wird extrem heis und das Handy lädt trotzdem nur im Schneckentempo. Ist das normal?",
    "Mein E-Book-Reader hängt beim Startbildschirm fest. Ein Reset über die Tastenkombination hat auch nichts gebracht.",
    "Die Videos in eurem Streamingbereich ruckeln ständig, obwohl meine Leitung 250 Mbit hat. Andere Dienste laufen flüssig.",
    "Wenn ich in eurer App den QR-Code auf der Verpackung scannen will, kommt nur 'Kamera nicht verfügbar'. Den Kamerazugriff habe ich erlaubt.",
    "die fernbedienung vom beamer geht nicht, neue batterien sind drin. am gerät selbst funktionieren die tasten",
    "Die Gegensprechanlage VX-200 rauscht so stark, dass man nichts versteht. Die Kabel sind genau nach Anleitung angeschlossen.",
    "Mein Laptop erkennt die externe Festplatte nicht. Im Geräte-Manager taucht sie kurz auf und verschwindet dann wieder.",
    "Hallo! Die Personenwaage zeigt bei jeder Messung ein anderes Gewicht an, teilweise 3 kg Unterschied innerhalb einer Minute.",
    "In der App kann ich keine Fotos mehr hochladen, es heißt immer 'Datei zu groß', selbst bei Bildern mit 200 KB.",
    "Die Spülmaschine bricht mitten im Programm ab und dann blinken alle Lichter. Sie ist gerade mal vier Monate alt.",
    "Die Ton ist nicht synchron mit dem Bild, wenn ich die Soundbar über HDMI anschließe. Über das optische Kabel klappt es.",
    "Sobald ich die Powerbank ans Handy anschließe, fängt sie an zu piepen und schaltet sich ab.",
    "Die smarten Glühbirnen sind eingerichtet, aber jede Nacht verlieren sie die Verbindung und sind morgens in der App 'offline'.",
    "Der Download-Link für die Software aus der Bestellbestätigung führt auf eine 404-Seite.",
    "Sehr geehrtes Support-Team, mein Navi plant Routen über längst gesperrte Straßen. Das Kartenupdate lässt sich nicht installieren, es bricht immer bei 87 % ab.",
    "Der Akku vom E-Bike zeigt 100 % an und ist nach fünf Kilometern plötzlich leer. Früher war das nicht so. Ich fahre jeden Tag damit zur Arbeit und habe inzwischen Angst, liegen zu bleiben. Kann man den Akku irgendwie kalibrieren?",
    "Bei euerm Produktkonfigurator passiert nix wenn ich auf 'weiter' klicke. Ich kann keine Farbe auswählen und komme so nicht bis zum Warenkorb.",
    "Das Headset-Mikrofon wird unter Windows erkannt, aber in Teams hört mich niemand. In der Sprachaufnahme-App funktioniert es.",
    "Moin, die Wetterstation zeigt draußen -40 °C an. Es ist Juli. Der Außensensor hat frische Batterien.",
    "Seit der neuen Programmversion kommt beim Start 'Lizenz ungültig', obwohl meine Lizenz noch zwei Jahre läuft.",
    "Der Wasserkocher schaltet nicht mehr ab, wenn das Wasser kocht. Das ist doch gefährlich!",
    "Die Helligkeit meines Monitors lässt sich nicht einstellen, das Menü reagiert auf keine einzige Taste.",
    "meine smartwatch vibriert bei anrufen nicht mehr, alles andere geht. einstellungen schon 3x zurückgesetzt",
    "Wenn ich die Rechnung als PDF herunterladen will, bekomme ich nur eine leere Datei mit 0 KB. Im Browser und in der App dasselbe.",
    "Die Klimaanlage klackert seit dem Einbau laut, und die Lamellen bewegen sich ruckartig.",
    "Ich habe das Tablet auf Werkseinstellungen zurückgesetzt und jetzt hängt es in einer Boot-Schleife.",
    "Die Funkkopfhörer brummen dauerhaft im linken Ohr, sobald der Sender am Fernseher hängt.",
    "Unser Babyphone verliert ständig die Verbindung zur Elterneinheit, obwohl die nur zwei Räume weiter steht. Wir schlafen kaum noch, weil es dauernd Alarm piept. Die Akkus sind voll, und wir haben beide Geräte schon zweimal neu gekoppelt.",
    "Das Programm zum Erstellen von Fotobüchern stürzt ab, sobald ich mehr als 80 Bilder einfüge. Mein Projekt ist schon dreimal verloren gegangen.",
    "Die Heizungssteuerung zeigt in der App falsche Raumtemperaturen an, immer genau 5 Grad zu hoch.",
    "Guten Tag. Meine Festplatte macht seit gestern Klickgeräusche und Windows meldet beim Kopieren einen E/A-Fehler. Kann man die Daten noch retten?",
    "Der Standmixer läuft nur noch auf Stufe 1, die anderen Stufen reagieren nicht.",
    "In eurer App springt der Warenkorb jedes Mal auf 0 Artikel zurück, sobald ich die App schließe.",
    "Die Webcam zeigt nur ein grünes Bild. Treiber hab ich neu installiert, bringt nix.",
    "Ich kriege den Router nicht ins Internet. Alle Lampen leuchten, nur 'Internet' blinkt rot, und die Zugangsdaten vom Anbieter sind eingetragen.",
    "Seit ich Alexa neu installiert habe, reagiert der Saugroboter nicht mehr auf Sprachbefehle. Über die App lässt er sich noch starten.",
    "Der Kühlschrank kühlt oben kaum noch, während sich im Gefrierfach immer mehr Eis bildet.",
    "Der Fotodrucker druckt alle Bilder mit einem Magentastich, obwohl die Patronen neu sind.",
    "Die Sprachsteuerung versteht mich nur noch auf Englisch, obwohl Deutsch eingestellt ist.",
    "Die Seite mit den Produktbewertungen lädt ewig und zeigt dann 'Timeout'. Das passiert nur auf dem Handy.",
    "Unser Beamer schaltet nach ein paar Minuten mit der Meldung 'Lampe überhitzt' ab, obwohl der Lüfter läuft.",
    "Hallo, der Gamecontroller driftet nach links, auch wenn ich den Stick gar nicht anfasse. Kalibrieren hilft nur für ein paar Minuten.",
],
"account access": [
    "Ich komme nicht mehr in mein Kundenkonto. Das Passwort wird als falsch angezeigt, obwohl ich mir sicher bin, dass es stimmt.",
    "Die E-Mail zum Zurücksetzen des Passworts kommt einfach nicht an. Den Spam-Ordner habe ich schon kontrolliert.",
    "Mein Konto wurde nach drei falschen Versuchen gesperrt. Wie lange dauert es, bis ich mich wieder anmelden kann?",
    "Ich habe ein neues Handy und jetzt klappt die Zwei-Faktor-Anmeldung nicht mehr, weil die Authenticator-App auf dem alten Gerät war.",
    "Jemand hat mein Passwort geändert! Die Benachrichtigung kam gerade, aber das war nicht ich. Bitte sperren Sie sofort mein Konto.",
    "hallo ich weiß nicht mehr mit welcher email adresse ich mich registriert hab. kann man das über meinen namen rausfinden",
    "Der Bestätigungslink in der Registrierungsmail ist abgelaufen. Wie bekomme ich einen neuen?",
    "Ich möchte eigentlich nur meine Rechnung herunterladen, komme aber nicht ins Kundenkonto: Beim Login steht 'Benutzer nicht gefunden'. Dabei habe ich letzte Woche noch bestellt.",
    "Sehr geehrte Damen und Herren, meine alte E-Mail-Adresse gibt es nicht mehr, deshalb kann ich weder das Passwort zurücksetzen noch mich anmelden. Wie kann ich die hinterlegte Adresse ändern lassen?",
    "Der SMS-Code für die Anmeldung kommt nicht an. Die Handynumer ist richtig und Empfang habe ich auch.",
    "Beim Login mit Google kommt 'Dieses Konto ist mit einer anderen Anmeldemethode verknüpft'. Ich habe mich aber immer mit Google angemeldet.",
    "mein account ist gesperrt wegen 'verdächtiger aktivität'?? ich hab mich nur aus dem urlaub eingeloggt",
    "Ich habe versehentlich zwei Konten angelegt und komme nur noch in das leere. Meine Bestellhistorie liegt im anderen. Können Sie mir wieder Zugang zum alten Konto geben? Die Kundennummer des alten Kontos steht noch auf einer Rechnung.",
    "Mein Sohn hat auf meinem Tablet mehrmals ein falsches Passwort eingegeben, jetzt ist mein Konto gesperrt. Bitte entsperren.",
    "Ich will mich registrieren, aber es heißt immer, die E-Mail-Adresse sei bereits vergeben. Ich habe bei Ihnen nie ein Konto angelegt.",
    "Guten Tag, mein Vater ist verstorben und ich benötige als Erbe Zugang zu seinem Kundenkonto, um laufende Abos zu kündigen. Welche Unterlagen brauchen Sie von mir?",
    "Das Zurücksetzen des Passworts funktioniert, aber das neue Passwort wird danach trotzdem nicht akzeptiert. Das habe ich jetzt viermal gemacht.",
    "Super Sicherheitssystem: Ich werde aus meinem eigenen Konto ausgesperrt, weil ich mich von der Arbeit aus eingeloggt habe. Wie komme ich da wieder rein?",
    "Ich habe keinen Zugriff mehr auf die alte Handynummer, an die der Sicherheitscode geschickt wird. Kann ich mich irgendwie anders verifizieren?",
    "Wo können sich Geschäftskunden einloggen? Beim normalen Login heißt es, unser Firmenkonto existiert nicht.",
    "Beim Anmelden in der App lande ich in einer Endlosschleife: Login-Seite, Ladebalken, wieder Login-Seite. Am Rechner klappt die Anmeldung.",
    "Ich bekomme E-Mails über Anmeldungen aus Brasilien. Ich war nie in Brasilien. Wie kann ich alle Geräte abmelden und mein Konto absichern?",
    "Passwort vergessen, Sicherheitsfrage auch vergessen 🙈 Was kann ich tun?",
    "Ich wollte die E-Mail-Adresse in meinem Konto ändern. Jetzt geht der Bestätigungscode an die alte Adresse, auf die ich keinen Zugriff mehr habe, und ich sitze fest.",
    "Mein Konto wurde deaktiviert, weil ich zwei Jahre nichts bestellt habe. Kann man es wieder freischalten? Da sind noch Gutscheine drauf.",
    "Servus, Login geht seit heute nicht, direkt nach dem Klick auf 'Anmelden' kommt 'Sitzung abgelaufen'. Cookies sind erlaubt.",
    "Sehr geehrte Damen und Herren, in unserem Firmenkonto war ein ehemaliger Mitarbeiter als einziger Administrator eingetragen. Wie können wir die Administratorrechte übertragen bekommen, um wieder Zugriff zu haben?",
    "Ich habe mich mit meiner Apple-ID angemeldet und 'E-Mail verbergen' gewählt. Jetzt will ich mich am PC einloggen und weiß nicht, unter welcher Adresse mein Konto läuft.",
    "die app will bei jeder anmeldung einen code den ich nie bekomme. kann man 2FA auch ausschalten?",
    "Mein E-Mail-Postfach wurde gehackt, und vermutlich hat der Angreifer auch bei Ihnen mein Passwort geändert. Ich komme nicht mehr ins Konto. Bitte helfen Sie mir, es zurückzubekommen.",
    "Warum muss ich mich eigentlich jedes Mal neu einloggen? Der Haken bei 'Angemeldet bleiben' ist gesetzt.",
    "Nach dem Einloggen sehe ich plötzlich fremde Bestellungen und eine fremde Adresse. Bin ich im falschen Konto gelandet?",
    "Beim Passwort-Reset heißt es 'Diese E-Mail-Adresse ist uns nicht bekannt'. Die Bestellbestätigungen kommen aber genau an diese Adresse.",
    "Ich bin gerade im Ausland und die Anmeldung wird mit 'Zugriff aus Ihrem Land nicht möglich' blockiert. Wie komme ich an mein Konto?",
    "Meine Frau hat das Passwort unseres gemeinsamen Kontos geändert und ist jetzt eine Woche auf Dienstreise 😄 Kann man für dasselbe Konto einen zweiten Login einrichten?",
    "Ich weiß nicht mehr, ob ich mich mit meiner privaten oder meiner dienstlichen E-Mail registriert habe. Bei beiden kommt beim Passwort-Reset nichts an. Können Sie nachsehen?",
    "Das Captcha beim Login lässt sich nicht lösen, es kommt immer 'Bitte erneut versuchen', egal welche Bilder ich anklicke.",
    "Ich verwalte das Konto unserer Schule, aber seit der Umstellung auf Single Sign-on kann ich mich mit den Schulzugangsdaten nicht mehr anmelden.",
    "Hilfe!! Ich habe meinen Sicherheitsschlüssel (YubiKey) verloren und komme nicht mehr in mein Konto.",
    "Der Link 'Passwort vergessen' führt bei mir auf eine Fehlerseite. Wie kann ich sonst ein neues Passwort bekommen?",
    "Zur Bestätigung soll ich beim Login mein Geburtsdatum eingeben. Das wird als falsch abgelehnt, vielleicht habe ich damals ein Fantasiedatum angegeben.",
    "Guten Tag, bitte entsperren Sie mein Konto (Kundennummer 100-2284). Nach der Sperrung kam eine Mail, ich solle mich an den Support wenden.",
    "Ich habe als Gast bestellt und wollte jetzt ein Konto mit derselben E-Mail anlegen. Das System sagt, die Adresse ist schon vergeben, aber ein Passwort habe ich nie festgelegt. Wie komme ich rein?",
    "Mein Passwort enthält ein Sonderzeichen (§), und seit dem Relaunch der Website wird es beim Login nicht mehr akzeptiert.",
    "Seit meiner Heirat heiße ich anders, und jetzt schlägt die Identitätsprüfung beim Login fehl, weil der Name nicht zum Ausweis passt.",
    "ich krieg beim einloggen immer 'zu viele anfragen, versuchen sie es später'. hab seit gestern nur 2x probiert",
    "Der Code aus der Anmelde-Mail ist laut Fehlermeldung 'abgelaufen', obwohl ich ihn innerhalb einer Minute eingebe.",
    "Ich habe für meine Mutter (82) ein Konto eingerichtet. Sie hat das Passwort vergessen und kommt nicht an die E-Mail. Darf ich als Angehöriger das Passwort für sie zurücksetzen lassen?",
    "Kann ich ein Konto wiederherstellen, das ich vor drei Monaten gelöscht habe? Ich bräuchte Zugriff auf die Garantiedokumente darin.",
    "Guten Abend, seit ich mein Facebook-Konto gelöscht habe, passiert beim Login über Facebook gar nichts mehr. Wie komme ich jetzt an mein Kundenkonto? Ein eigenes Passwort hatte ich bei euch nie.",
    "Ich bekomme die Meldung 'Ihr Konto wurde aus Sicherheitsgründen vorübergehend gesperrt'. Vorübergehend heißt wie lange?",
    "Könnt ihr mir sagen, welche Handynummer mit meinem Konto verknüpft ist? Ich hatte mehrere, und auf keiner kommt der Login-Code an.",
    "Auf meinem neuen Laptop soll ich bei der Anmeldung das Gerät bestätigen, aber in der Bestätigungsmail ist kein Link, nur Text.",
    "Das Konto meiner Tochter läuft über meine E-Mail-Adresse, und jetzt komme ich nicht mehr in mein eigenes Konto, weil die Adresse 'bereits verwendet' wird.",
    "Sehr geehrtes Team, ich bitte um Zurücksetzung meines Passworts. Die automatische Funktion verlangt eine Kundennummer, die ich nirgends finde.",
    "Meine Tochter hat ein Konto mit ihrem Namen, aber meiner Kreditkarte angelegt und das Passwort geändert. Ich möchte Zugriff auf das Konto, um zu sehen, was bestellt wurde.",
],
"returns": [
    "Ich möchte die Jacke in Größe M zurückschicken, sie ist zu klein. Wie bekomme ich ein Retourenetikett?",
    "Kann ich die Schuhe gegen eine Nummer größer umtauschen, statt sie zurückzusenden und neu zu bestellen?",
    "Meine Rücksendung habe ich vor drei Wochen abgeschickt, laut Tracking ist sie bei Ihnen angekommen. Wann bekomme ich mein Geld zurück?",
    "Hallo, der Staubsauger gefällt mir doch nicht, er ist viel zu laut. Kann ich ihn innerhalb der 30 Tage zurückgeben, obwohl ich ihn schon benutzt habe?",
    "Der Wasserkocher ist nach zwei Tagen kaputtgegangen. Ich möchte keine Reparatur und keinen Ersatz, sondern ihn einfach zurückschicken und mein Geld zurück.",
    "Muss ich die Originalverpackung haben, um etwas zurückzugeben? Den Karton habe ich leider schon entsorgt.",
    "Das Retourenlabel aus Ihrer Mail wird in der Postfiliale nicht akzeptiert. Können Sie mir ein neues schicken?",
    "Ich habe ein Kleid in zwei Farben bestellt und möchte eins davon zurückgeben. Muss ich die Rücksendung selbst bezahlen?",
    "Sehr geehrte Damen und Herren, hiermit widerrufe ich fristgerecht den Kaufvertrag über die Espressomaschine 'Milano' (Bestellnr. 661203). Bitte senden Sie mir die Unterlagen für die Rücksendung zu.",
    "Geliefert wurde das falsche Kabel, Micro-USB statt USB-C. Ich möchte es zurückschicken und gegen das richtige tauschen.",
    "Wie lange habe ich Zeit, einen Artikel zurückzusenden? Ich habe ihn als Weihnachtsgeschenk gekauft.",
    "hab das paket zurückgeschickt aber nur einer von zwei artikeln wurde erstattet. der zweite war im gleichen karton!!",
    "Kann ich online gekaufte Sachen auch in der Filiale zurückgeben? Bei mir ist eine gleich um die Ecke.",
    "Meine Rücksendung wurde abgelehnt, weil die Folie geöffnet war. Wie soll ich denn sonst feststellen, dass das Spiel auf meiner Konsole nicht läuft?",
    "Ich möchte die ganze Bestellung zurückgeben, also alle fünf Artikel. Reicht dafür ein einziger Rücksendeschein?",
    "Bei der Hose ist nach dem ersten Waschen eine Naht aufgegangen. Die Qualität ist nicht in Ordnung, ich will sie zurückgeben.",
    "Ich habe gestern meine Retoure im Paketshop abgegeben und die Quittung verloren. Kann ich die Rücksendung trotzdem verfolgen?",
    "Sie haben mir für meine Rücksendung nur 60 % des Kaufpreises erstattet, wegen 'Gebrauchsspuren'. Der Artikel war nur einmal ausgepackt! Ich bitte um die volle Erstattung.",
    "Kann ich für die Rücksendung statt Geld einen Gutschein bekommen? Dann bestelle ich gleich etwas anderes.",
    "Guten Tag, wir würden das Sofa gern zurückgeben, es passt farblich überhaupt nicht in unser Wohnzimmer. Wie läuft das bei Speditionsware, wird es abgeholt? Der Bezug ist unbenutzt, die Schutzfolie ist noch drauf.",
    "Wunderbar, die 'wasserdichte' Handyhülle lässt Wasser durch. Das Ding geht direkt an euch zurück, und ich will mein Geld wieder.",
    "Ich habe den Artikel aus Versehen doppelt bestellt und auch zweimal bekommen. Einen davon möchte ich bitte zurücksenden.",
    "Kann die Retoure abgeholt werden? Der Fernseher ist zu groß für den Paketshop.",
    "Rücksendung ist seit 20 Tagen bei euch, Status immer noch 'in Prüfung'. Wie lange dauert das denn noch?",
    "Meine Rücksendenummer wird im Retourenportal als ungültig abgewiesen. Wo bekomme ich eine gültige her?",
    "Der Drucker ist noch originalverpackt, ich habe mich für ein anderes Modell entschieden. Bitte holen Sie ihn wieder ab.",
    "Hallo, ich möchte die Bettwäsche umtauschen, 155x220 statt 135x200. Geht das über euer Portal oder soll ich euch schreiben?",
    "Ich habe aus Italien bestellt. Wie funktioniert die Rücksendung von dort, und wer zahlt das Porto?",
    "Meine Retoure mit den Schuhen ist laut Post verloren gegangen. Den Einlieferungsbeleg habe ich noch. Bekomme ich trotzdem mein Geld zurück?",
    "Laut Beschreibung haben die Kopfhörer aktive Geräuschunterdrückung, tatsächlich haben sie keine. Ich will sie zurückgeben.",
    "Im Paket lag kein Retourenschein, obwohl das in der Mail so stand. Bitte schicken Sie mir einen als PDF.",
    "Ich möchte ein Geschenk von meiner Tante umtauschen, habe aber keine Rechnung, nur den Geschenkbeleg. Geht das?",
    "Kann ich einen reduzierten Artikel aus dem Sale auch zurückgeben, oder ist der vom Umtausch ausgeschlossen?",
    "Die Waschmaschine ist 5 cm zu breit für unsere Nische. Sie ist noch nicht angeschlossen, ich möchte sie zurückgeben.",
    "Wie lange dauert die Rückerstatung, nachdem ihr die Retoure erhalten habt? Bezahlt habe ich mit Kreditkarte.",
    "Ich habe ein Set bestellt und möchte nur ein Teil davon zurückschicken. Geht das, oder muss das ganze Set zurück?",
    "Sehr geehrtes Team, der Teppich sieht deutlich dunkler aus als auf den Fotos Ihrer Website. Ich möchte von meinem Rückgaberecht Gebrauch machen.",
    "habe die falsche größe erwischt, wie kann ich die tauschen? bestellnummer 42217",
    "Ich habe die Rücksendung aus Versehen an die Adresse auf der Rechnung geschickt statt ans Retourenlager. Wird sie trotzdem bearbeitet?",
    "Meine Retoure wurde angenommen, aber statt der Erstattung kam ein Ersatzgerät, obwohl ich das Geld zurückwollte. Was mache ich jetzt mit dem zweiten Gerät?",
    "Die Uhr ist zu groß für mein Handgelenk. Kann ich sie zurückgeben, obwohl ich das Armband schon gekürzt habe?",
    "Ist es normal, dass ich für die Rücksendung 5,95 € zahlen soll? Bei der Bestellung stand 'kostenlose Rückgabe'.",
    "Guten Tag, drei Teller aus meiner Bestellung sind zerbrochen angekommen. Ich möchte die kaputten zurückgeben und Ersatz dafür bekommen.",
    "Leider habe ich die Rückgabefrist um zwei Tage verpasst, weil ich im Krankenhaus lag. Gibt es da eine Kulanzlösung?",
    "Muss die Rücksendung mit dem Paketdienst vom Label verschickt werden? Bei mir gibt es nur Hermes-Shops.",
    "Alles kam gut verpackt an, aber ich habe mich inzwischen für einen anderen Duft entschieden. Kann ich das Parfum ungeöffnet zurückgeben?",
    "Ich möchte den Laptop zurückschicken. Muss ich vorher meine Daten löschen und ihn auf Werkseinstellungen zurücksetzen? Und muss das Ladegerät mit in den Karton, obwohl es eine eigene Verpackung hatte?",
    "Das Fahrrad ist schon montiert. Kann ich es trotzdem zurückgeben, oder muss es zerlegt zurück in den Karton?",
    "Die Rückerstattung für Retoure R-55803 steht seit einer Woche auf 'veranlasst', auf meinem Konto ist aber noch nichts. Wann kommt das Geld?",
    "Ich hatte zwei Größen zum Probieren bestellt und die kleinere zurückgeschickt. Erstattet wurde aber die größere, und die kleinere bleibt berechnet. Eine Verwechslung?",
    "Bekomme ich bei einer Rücksendung auch die ursprünglichen Versandkosten zurück?",
    "Die Matratze hat 100 Nächte Probeschlafen. Wir sind bei Nacht 60 und es ist einfach nicht die richtige. Wie starten wir die Rückgabe? Eine Abholung wäre uns am liebsten, wir haben kein Auto.",
    "Muss ich bei der Rücksendung einen Grund angeben? Ich möchte die Sache einfach unkompliziert zurückgeben.",
    "Mein Kind hat das Spielzeug ausgepackt und gleich kaputt gemacht, es fehlen auch Teile. Nehmt ihr so was noch zurück? Ich verstehe es, wenn nicht.",
    "In meinem Kundenkonto steht bei der Bestellung 'Rückgabe nicht möglich'. Warum? Ich bin noch innerhalb der 14 Tage.",
    "Beim Umtausch soll ich den alten Artikel zuerst zurückschicken. Könnt ihr die neue Jacke nicht gleich losschicken? Ich brauche sie für eine Reise.",
    "Ich würde den Fernseher gern zurückgeben, er hat drei weiße Pixelfehler. Das Bild ist sonst gut, aber die Punkte stören mich zu sehr.",
    "Hi, ich hab das Handy nur einmal eingeschaltet, will es aber doch nicht. Wie schick ich es zurück?",
    "Meine Rücksendung wurde nicht ausgezahlt, sondern als Guthaben im Kundenkonto verbucht. Ich möchte das Geld aber auf mein Bankkonto zurück.",
    "Ich habe die Ware zurückgeschickt, und jetzt behaupten Sie, der Netzstecker fehle. Der war ganz sicher im Paket. Was nun?",
],
}

ZH = {
"positive": [
    "这家火锅店的毛肚特别新鲜，涮十几秒就脆脆的，服务员还会主动帮忙加汤，下次还来。",
    "耳机音质比我预想的好太多了，低音很有力度，开了降噪以后地铁上基本听不到噪音。",
    "酒店位置绝佳，出门走两分钟就是地铁站，房间干净，床品有阳光的味道。",
    "衣服收到了，面料很舒服，尺码标准，我平时穿M，这次买M刚刚好。",
    "第二次回购了，孩子特别爱吃这款海苔，不咸，分量也足。",
    "前台小姐姐太贴心了，知道我们是来度蜜月的，还送了一瓶红酒和一个小蛋糕。",
    "电饭煲煮出来的米饭粒粒分明，预约功能很实用，早上起来就能喝上热粥。",
    "牛肉面汤头浓郁，牛肉给得很大方，一碗下去浑身暖和。",
    "这本书我一口气读完了，情节紧凑，翻译也很流畅，强烈推荐。",
    "第二天就到了，包装得很严实，杯子一点磕碰都没有，做工也精致。",
    "粉底液很服帖，持妆一整天不卡粉，我是混油皮也没怎么出油，真的惊喜。",
    "民宿老板人超好，开车来车站接我们，还推荐了好几家本地人才去的小馆子。",
    "扫地机器人很聪明，不会乱撞，地图建得很准，家里的猫毛基本都能吸干净。",
    "烤鸭皮脆肉嫩，片鸭师傅手法很专业，配的薄饼也很劲道。",
    "跑鞋很轻，脚感偏软，跑了十公里膝盖没有不舒服，颜值也在线。",
    "房间给我们免费升级成了海景房，早上拉开窗帘就能看到日出，这个价格真的值了。",
    "充电宝小巧不占地方，给手机充两次还有电，出差必备。",
    "奶茶不会太甜，珍珠Q弹，店员还记得我上次说要少冰，很用心。",
    "买给爸妈的按摩椅，老人家每天都要坐一会儿，说腰舒服多了。",
    "味道正宗，环境干净，上菜也快，午休时间来吃完全够用。",
    "床垫软硬适中，睡了一周腰不酸了，之前那张真该早点换掉。",
    "这个价位能买到这样的机械键盘，手感和做工都超出预期。",
    "酒店早餐种类丰富，中西式都有，现煮的馄饨特别好吃。",
    "羽绒服很暖和，零下十度穿出去也不冷，而且一点都不显臃肿。",
    "小龙虾个头大，麻辣味够劲，老板还送了一份凉粉，吃得很过瘾。",
    "台灯光线柔和不刺眼，调光很方便，孩子写作业用正合适。",
    "入住体验非常好，隔音效果不错，晚上睡得很安稳。",
    "面膜敷完脸很水润，不黏腻，敏感肌用了也没有泛红。",
    "包子皮薄馅大，一口咬下去全是汤汁，排队半小时也值。",
    "手机拍照效果很棒，夜景模式尤其清楚，电池一天一充绰绰有余。",
    "我拍错了颜色，客服主动帮我改了订单，发货也很快，东西本身也很满意。",
    "这款洗衣液香味淡淡的，不刺鼻，洗完的衣服很软。",
    "日料店的刺身很新鲜，三文鱼入口即化，厨师还会介绍每道菜的来历。",
    "行李箱轮子很顺滑，推起来几乎没声音，托运了两次也没有划痕。",
    "酒店的泳池和健身房都很新，设施齐全，带孩子来玩很合适。",
    "空气炸锅做鸡翅外酥里嫩，少油健康，清洗也方便。",
    "螺蛳粉料包很足，酸笋味够冲，喜欢这口的一定要试试。",
    "性价比之王！这个价格买到这么清晰的显示器，打游戏一点都不拖影。",
    "店里装修很有格调，灯光暖暖的，适合约会，甜品也很精致。",
    "保温杯早上装的热水晚上还烫嘴，密封性也好，放包里不漏。",
    "大床房很宽敞，浴室干湿分离，洗漱用品是大牌的，细节到位。",
    "被子蓬松柔软，盖着很轻，晒过一次之后更舒服了。",
    "烤串很入味，羊肉没有膻味，老板娘还特意给我们多烤了几串馒头片。",
    "蓝牙音箱小小一个，声音却很大，拿去露营大家都说好。",
    "管家服务很周到，我随口提了一句枕头太高，晚上回来就换好了。",
    "零食大礼包品种多，日期都很新鲜，送朋友很有面子。",
    "口红颜色很显白，质地滋润不拔干，黄皮也能驾驭。",
    "豆浆机打出来的豆浆很细腻，不用过滤，一键清洗省了不少事。",
    "这家川菜馆的水煮鱼太香了，鱼片嫩滑，麻辣刚刚好，米饭都多吃了两碗。",
    "电动牙刷震动很温和，刷完牙齿很干净，续航一个多月。",
    "住了三晚，每天打扫都很及时，毛巾天天换，很放心。",
    "咖啡豆烘焙得很均匀，手冲出来有明显的果酸和坚果香，会回购。",
    "婴儿推车折叠很方便，一只手就能收起来，放进后备箱刚好。",
    "窗帘遮光效果一流，拉上以后白天也跟晚上一样黑，倒班的人必备。",
    "早茶的虾饺晶莹剔透，虾仁很大颗，凤爪也炖得软烂入味。",
    "平板画画很流畅，笔的压感很灵敏，作为学生党很满意。",
    "酒店就在古城里面，推开窗就是小桥流水，晚上很安静，住着特别有感觉。",
    "运动手环测心率挺准，睡眠监测也详细，关键是戴着轻，几乎没感觉。",
    "给狗狗买的狗粮，它吃得很香，毛发也亮了，之前挑食的毛病好像也没了。",
    "这家西餐厅的牛排火候把握得很好，五分熟刚刚好，配菜也用心。",
    "打印机安装简单，手机连上就能打印，墨水也很耐用。",
    "退房时前台帮我们叫好了车，还准备了路上吃的水果，太暖心了。",
    "这个拖把设计很巧妙，挤水不用弯腰，地拖得很干净。",
    "煎饼果子料足，薄脆很脆，酱也香，早上来一份特别满足。",
    "这套茶具做工精细，釉色温润，出汤很顺，送长辈很合适。",
    "羊肉汤清而不淡，羊肉一点不膻，配上烧饼简直绝了。",
    "冲锋衣防水效果不错，下雨天爬山里面都是干的，透气性也可以。",
    "服务员全程微笑，孩子打翻了饮料也没有一点不耐烦，马上帮忙收拾。",
    "酒店的床超级舒服，枕头有好几种可选，睡眠质量比在家还好。",
    "这款面包机做出来的吐司松软拉丝，新手也能一次成功。",
    "剧情有点慢热，但后半部分越看越好，结局很震撼，是我今年读过最好的一本小说。",
    "鞋子刚穿的时候有点硬，走了几天就软了，现在每天都穿，舒服又百搭。",
    "价格比别家贵一点，但食材确实新鲜，一分钱一分货，吃得放心，以后聚餐就定这里了。",
    "小区附近新开的面包店，可颂层次分明，黄油味很香，每天下班都要去买一个。",
    "耳机戴着不压耳朵，开会戴一整天也不累，麦克风收音很清楚。",
    "酒店离景区步行只要十分钟，前台还给了免费的景区地图和优惠券。",
    "烤箱温度很准，做蛋糕一次就成功了，内胆也好清洁。",
    "酸菜鱼的酸菜是自己腌的，酸得很正，鱼也新鲜，量大够三个人吃。",
    "书包很轻，背带宽，孩子说背着不勒肩膀，做工也结实。",
    "我对这台投影仪非常满意。白天拉上窗帘就能看清楚，晚上投到白墙上有一百寸，效果接近电影院；自动对焦很快，开机十几秒就能用，内置系统也很流畅，不用再接电视盒子了。",
    "办理入住只用了两分钟，房间里还有欢迎水果和手写卡片。",
    "这款卸妆油乳化很快，眼妆一抹就掉，洗完脸不紧绷。",
    "家常菜做得很有妈妈的味道，红烧肉肥而不腻，价格也实惠。",
    "电热毯升温快，有定时功能，冬天睡觉再也不冻脚了。",
    "这个榨汁杯小巧便携，带去办公室随时能喝鲜榨果汁，充一次电能用好多天。",
    "火锅底料香味浓郁，在家就能吃出店里的味道，一包能煮两次。",
    "服务员推荐的招牌菜都没踩雷，尤其是那道松鼠鳜鱼，外酥里嫩，酸甜适口。",
    "无线鼠标手感很好，静音按键在图书馆用也不会打扰别人。",
    "酒店的设计很有特色，每层楼都有不同的主题，拍照很出片。",
    "沙发坐感很舒服，布料不起球，安装师傅也很专业，半小时就装好了。",
    "水饺皮薄馅足，韭菜鸡蛋的特别鲜，冻在冰箱里随时煮很方便。",
    "对比了好几家，最后选了这款吹风机，风力大，干得快，头发也不毛躁了。",
    "居然能在这么偏的地方吃到这么地道的云南菜，汽锅鸡的汤鲜得不得了。",
    "笔记本电脑开机很快，屏幕素质好，上网课、写文档完全没问题。",
    "订的是家庭房，有两张床还有儿童帐篷，孩子高兴坏了。",
    "这款护手霜吸收快，不油腻，冬天手不裂了，味道也好闻。",
    "鸡排外皮酥脆，里面多汁，撒的梅子粉很特别，一定会再来。",
    "儿童积木颗粒大，边角圆润，不用担心孩子误吞，拼起来也很有成就感。",
    "航班延误，我们凌晨两点才到酒店，本以为早就没人管了，结果夜班经理一直在门口等着，帮我们把行李送到房间，还准备了热牛奶和小点心。第二天退房也特别顺利，下次来这个城市还住这里。",
    "厨房剪刀很锋利，剪鸡骨头也不费劲，还能拆开清洗，好评。",
    "朋友推荐来的，果然没失望，烤鱼外焦里嫩，配菜也很丰富。",
    "智能门锁指纹识别很快，几乎一碰就开，再也不用担心忘带钥匙了。",
    "本来对网购家具没抱太大希望，结果这张书桌做工扎实，桌面也没有异味，很惊喜。",
    "冰箱容量大，静音效果好，晚上在客厅基本听不到声音。",
    "海景房的阳台很大，晚上坐在外面吹海风，听着海浪声，特别惬意。",
    "凉皮筋道，麻酱调得香，辣子油也是自己炸的，十块钱吃得很满足。",
    "加湿器雾量大，没有白粉，晚上开着睡觉嗓子舒服多了。",
    "袜子透气耐穿，已经回购第三次了。",
    "老字号果然名不虚传，卤煮味道醇厚，小肠处理得很干净。",
    "游戏手柄连接稳定，震动反馈很细腻，玩赛车游戏手感一流。",
    "自助晚餐海鲜很多，生蚝、螃蟹随便吃，服务员添菜也很勤快。",
    "围巾是羊绒的，摸起来很软，一点不扎脖子，颜色也很正。",
    "第一次来就爱上了这家小酒馆，精酿啤酒种类多，老板还会根据口味推荐。",
    "戴着这副降噪耳机坐了十几个小时的飞机，完全没被发动机的声音吵到，续航也扛得住。",
    "店家发货速度快，东西和图片一模一样，还送了小赠品，五星好评。",
    "路过随便进的一家面馆，没想到刀削面这么地道，面很筋道，浇头也香。",
    "这款眼霜用了一个月，细纹淡了不少，黑眼圈也没那么明显了。",
    "客房干净整洁，床单雪白，卫生间一根头发都没有，看得出来很用心。",
    "电动自行车续航很扎实，每天上下班来回二十公里，充一次电能骑三天。",
    "汤圆软糯，黑芝麻馅会流心，甜度刚好，家里老人孩子都爱吃。",
],
"negative": [
    "等了一个多小时才上菜，催了三次服务员都说马上，最后菜还是凉的。",
    "耳机用了不到一个月左耳就没声音了，联系客服一直踢皮球。",
    "房间有一股很重的霉味，空调滴水，床单上还有不明污渍，再也不会住了。",
    "真是太“贴心”了，半夜三点隔壁装修的电钻声准时把我叫醒，连闹钟都省了。",
    "衣服洗了一次就缩水严重，原来的L现在穿像S，颜色还掉得厉害。",
    "外卖送到的时候汤全洒了，袋子里一片狼藉，商家还说不是他们的问题。",
    "充电器充电的时候烫得吓人，用了三天就彻底不能用了。",
    "价格不便宜，味道却很一般，牛排煎得像鞋底一样硬。",
    "前台态度极差，办理入住时一直玩手机，问个早餐时间都爱答不理。",
    "不愧是网红店，排队两小时，吃饭十分钟，味道嘛，也就拍照好看。",
    "在旗舰店买的，结果收到的口红膏体断了，还有一股怪味，怀疑是假货。",
    "照片和实物差太多了，所谓的“江景房”只能从窗户缝里看到一点点江。",
    "扫地机器人经常卡在椅子腿中间出不来，每次都要我去救它，还不如自己扫。",
    "菜里吃出了头发，跟服务员说了，只换了一盘，连句道歉都没有。",
    "手机发热太严重了，刷十分钟视频背面就烫手，电量掉得飞快。",
    "鞋子穿了两周鞋底就开胶了，下雨天走路直接进水。",
    "隔音差到离谱，隔壁说话声听得一清二楚，走廊里拖行李箱的声音一晚上没停过。",
    "奶茶甜得发齁，我明明点的三分糖，喝完一整天嗓子都不舒服。",
    "这个保温杯真厉害，倒进去的开水半小时就变成凉白开了，夏天倒是挺实用。",
    "床垫睡了一个月中间就塌下去一块，客服说这是正常现象，我真是无语。",
    "说好的含早餐，结果只有白粥和馒头，去晚一点连这些都没了。",
    "烤鸭又干又柴，皮一点都不脆，还收了一百多块，完全不值。",
    "书的印刷质量太差了，好几页字迹模糊，还有一整页是空白的。",
    "羽绒服一直往外钻毛，穿一天黑色毛衣上全是白毛，根本没法穿。",
    "房间的热水时有时无，洗澡洗到一半突然变成冷水，冻得我直哆嗦。",
    "面膜用完脸上起了一片小红疹，敏感肌千万别买。",
    "服务员的效率真是让人佩服，加个水要等二十分钟，买单倒是一喊就来。",
    "键盘用了没多久好几个键就失灵了，打字老是漏字母。",
    "酒店周边特别乱，晚上门口都是烧烤摊，油烟直往房间里飘，根本开不了窗。",
    "收到的蓝牙音箱有杂音，音量一大就破音，跟宣传的“发烧级音质”差远了。",
    "这家火锅店的锅底怕不是隔夜的，一股怪味，吃完全家都拉肚子。",
    "行李箱第一次托运回来拉杆就断了，质量太差。",
    "预订的时候说有停车位，到了才发现车位早满了，只能停到一公里外的收费停车场。",
    "吹风机用了两次就闻到一股烧焦味，吓得我赶紧拔了插头。",
    "米饭是夹生的，菜也咸得要命，叫了服务员来看，他说“我们家一直都这样”。",
    "裤子线头特别多，拉链拉两下就卡住了，做工很粗糙。",
    "五星级的价格，招待所的体验，连吹风机都是坏的，佩服佩服。",
    "空气炸锅的涂层才用一个月就开始掉，吓得我不敢再用了。",
    "点的外卖少了一份饮料，打电话给商家，对方直接挂断。",
    "平板经常无缘无故重启，写到一半的笔记全没了。",
    "这本书内容空洞，全是车轱辘话，三百页的书五十页就能讲完。",
    "卫生间的下水道反味，整个房间都臭烘烘的，换了房间还是一样。",
    "榴莲千层里几乎吃不到榴莲，全是奶油，还一股冰箱味。",
    "买的电水壶烧出来的水有股塑料味，烧了十几次还是有。",
    "等位的时候没人管，叫号也乱七八糟，后来的人反而先进去了。",
    "洗发水用完头皮特别痒，还掉了好多头发，已经扔了。",
    "酒店的WiFi根本连不上，前台说“信号不好很正常”，出差要办公的人慎选。",
    "沙发送来的时候就有一道划痕，安装师傅说是出厂就有的，让我自己找商家。",
    "点了一份招牌酸菜鱼，鱼片少得可怜，大半盆都是豆芽。",
    "手表戴了一周表带就开始掉色，手腕都被染黑了。",
    "好一个“极速退房”，前台查房查了四十分钟，差点误了我的高铁。",
    "跑步机噪音太大了，楼下邻居已经上来敲过两次门。",
    "蛋糕用的是植脂奶油，腻得吃不下，上面的水果也不新鲜。",
    "窗帘颜色和图片完全不一样，说是米白，实际是灰黄色，很难看。",
    "住了一晚被蚊子咬了十几个包，房间里连个电蚊香都没有。",
    "这家店的烤串全是肥肉，咬一口满嘴油，还卖得那么贵。",
    "耳机的降噪效果几乎等于没有，地铁上的报站声一句不落。",
    "酒店早餐的餐具上有油渍，杯子也没洗干净，看着就没胃口。",
    "洗碗机洗完碗上还有残渣，还得再手洗一遍，等于白买。",
    "周六晚上带父母来吃饭，提前一周订了位，到了却说没有记录，等了四十分钟才安排到门口的小桌。点的六个菜上错了两个，找服务员换，对方还嫌我们事多。一顿饭吃得一肚子气，以后不会再来了。",
    "咖啡又酸又苦，像是放了很久的豆子，三十多块一杯完全不值。",
    "台灯用了几天就开始一闪一闪的，看书眼睛特别累。",
    "民宿老板临时说房间被占了，让我们去另一家更差的，订单还不给退。",
    "运动鞋码数偏小一码，换货要自己出运费，客服还特别不耐烦。",
    "冰淇淋是化了又冻上的，吃起来全是冰碴，一点都不专业。",
    "电脑用了半年电池就鼓包了，触控板都被顶起来了。",
    "点了“特辣”，端上来的麻婆豆腐甜得像拔丝地瓜，厨师大概从来没吃过辣。",
    "床小得可怜，两个人睡根本翻不了身，跟预订页面写的“大床”完全不符。",
    "狗粮打开里面有虫子，联系客服只说给我退五块钱，太敷衍了。",
    "包子馅有一股哈喇味，肉应该不新鲜了，吃了两口就扔了。",
    "智能手环心率测得一点都不准，坐着不动显示一百五，吓我一跳。",
    "房间在电梯旁边，一晚上电梯叮叮响，投诉了也没给换。",
    "难吃，还贵，不会再来。",
    "买的加湿器漏水，早上起来桌子上一大滩水，书都泡坏了。",
    "整个用餐过程服务员都在旁边聊天，叫了好几声都没人应。",
    "手机壳装上之后按键特别难按，而且没几天就发黄了。",
    "订的是无烟房，进去一股烟味，连枕头上都是。",
    "毛衣起球起得厉害，穿了一次就像穿了好几年。",
    "这把“不粘锅”真是名副其实，什么都粘，炒个鸡蛋都要用铲子刮半天。",
    "外卖晚到了一个半小时，面都坨成一团了，商家说是骑手的问题。",
    "游戏手柄摇杆漂移，新买的就这样，玩着人物自己往左跑。",
    "所谓的免费接机，等了五十分钟才来，司机还一直抱怨我们行李多。",
    "小龙虾不新鲜，好几只虾肉都是散的，吃完肚子疼了一晚上。",
    "冲着“穿墙王”的宣传买的路由器，结果信号只能覆盖一个房间，隔一堵墙就断。客服让我升级固件、换信道、重启，折腾了一晚上一点改善都没有，白花了三百多。",
    "剧情老套，人物单薄，结尾草草收场，浪费了我两个晚上。",
    "牛肉面里的牛肉薄得透光，一共三片，汤还是温的。",
    "被子有一股很刺鼻的化学味，晒了一个星期都散不掉。",
    "这家海鲜大排档缺斤短两，称的时候是两斤，端上来一看最多一斤。",
    "入住时发现浴缸有裂缝，毛巾发黄发硬，这个价位真说不过去。",
    "电动牙刷充满电只能用三天，说好的续航三十天呢？",
    "掉毛严重，差评。",
    "服务员推销酒水特别积极，不点还给脸色看，吃得很不舒服。",
    "投影仪画面发暗，白天根本看不清，晚上看还有明显的彩虹纹。",
    "电视遥控器没电，空调遥控器找不到，打电话给客房部半小时没人来。",
    "面包店的吐司放了一天就硬得像石头，还有点发酸。",
    "婴儿推车的刹车不灵，在小坡上差点溜走，吓出一身冷汗。",
    "感谢这家餐厅让我体验了一次“开盲盒”，点的宫保鸡丁，吃到的全是花生。",
    "空调制冷效果差，开到十六度房间还是三十度，晚上热得睡不着。",
    "鞋子拖了一个星期才到，鞋盒都压扁了，鞋面上还有胶水印。",
    "自助餐看着品种多，实际上一半都是凉菜，热菜补得慢，海鲜一上就被抢光了。",
    "这个牌子的数据线插上去接触不良，得斜着拿才能充电。",
    "酒店位置很偏，打车司机都找不到，导航显示的地址也是错的。",
    "螺蛳粉一点都不臭也不辣，汤寡淡得像白开水，这还叫螺蛳粉？",
    "书桌桌腿长短不一，垫平了还是晃，螺丝孔也对不上。",
    "菜单上写的是和牛，吃起来跟普通牛肉没区别，问了才说是“和牛风味”。",
    "吸尘器吸力很弱，地毯上的头发根本吸不起来，噪音倒是大得很。",
    "入住当天才知道被超售了，酒店把我们安排到了加床的小房间，只补了一张早餐券。",
    "鸡排里面还是生的，咬开全是血丝，跟店员说了也没给换。",
    "眼霜涂完眼周长了好几个脂肪粒，停用一周才慢慢消下去。",
    "冲锋衣穿着淋了一场小雨就湿透了，防水功能形同虚设。",
    "饭店卫生太差了，桌子黏糊糊的，地上还有蟑螂爬过。",
    "显示器有两个坏点，卖家说三个以内不算质量问题，不给换。",
    "房间窗户关不严，半夜风呼呼往里灌，冻醒了好几次。",
    "包装上说是手工饺子，吃起来皮厚馅少，还一股生面粉味。",
    "智能门锁时不时识别不了指纹，好几次被锁在门外，只能用备用钥匙。",
    "这家酒店的早餐真是“营养均衡”：白粥、白馒头、白煮蛋，一片绿叶子都看不到。",
    "桌上的调料瓶都是空的，问服务员要，等到吃完了还没拿来。",
    "按摩椅力度完全没法调，老人坐上去说太疼了，只好放在角落积灰。",
    "汉堡里的生菜都蔫了，面包一捏就碎，跟广告图片完全是两个东西。",
    "退房后押金一直没退，打了五次电话，每次都说“在处理”。",
],
"mixed": [
    "菜的味道还不错，就是分量太少了，人均一百多吃不饱。",
    "房间挺干净的，但是隔音确实一般，介意的话慎选。",
    "耳机音质可以，戴久了耳朵有点疼，算是有得有失吧。",
    "中规中矩，没什么惊喜也没什么大问题，价格合适的话可以考虑。",
    "衣服款式好看，面料有点薄，春秋穿还行，冬天就别想了。",
    "位置很方便，但房间比较旧，设施有些老化，看在价格的份上还能接受。",
    "手机性能很强，可是拍照一般，续航也只能算及格。",
    "服务员态度很好，可惜菜上得太慢了，前后等了四十分钟。",
    "味道正常，没有网上吹得那么神，也不算难吃，来一次就够了。",
    "扫地机器人吸得挺干净，就是经常找不到充电座，需要人工帮一把。",
    "这本书前半部分很精彩，后半部分有点拖沓，整体三星吧。",
    "早餐种类多，但大部分都不太热，味道也一般般。",
    "鞋子挺好看的，就是有点磨脚，得贴创可贴才能穿出门。",
    "便宜是真便宜，做工也就那样，凑合用吧。",
    "环境很漂亮，适合拍照，但菜品味道真的很普通，有点华而不实。",
    "床很舒服，但早上七点楼下就开始施工，睡不了懒觉。",
    "电饭煲煮饭没问题，就是内胆容易刮花，用了两个月已经有划痕了。",
    "奶茶味道还行，价格偏贵，不会特意再来，路过可能会买。",
    "家具整体质量可以，安装说明写得很差，自己琢磨了一下午才装好。",
    "客服回复很及时，问题也解决了，但发货比承诺的晚了三天。",
    "说不上好也说不上坏，就是一家普通的连锁酒店，该有的都有。",
    "火锅底料挺香，可是油太大了，吃完锅里浮着厚厚一层红油，有点吓人。",
    "屏幕显示效果不错，但自带的喇叭很差，看电影还得外接音箱。",
    "面包口感可以，就是太甜了，吃一个就腻。",
    "房间很大很新，但离地铁站要走二十分钟，拖着行李有点累。",
    "东西本身没毛病，就是同样的价格能买到更好的，性价比一般。",
    "烤鸭还行，其他菜比较一般，服务也就是正常水平。",
    "吹风机风力很大，但是声音也大，早上用怕吵醒家人。",
    "第一次入住体验不错，第二次来房间就有点脏，不知道是不是换了保洁。",
    "口红颜色很美，但是很容易沾杯，喝口水就掉一半。",
    "整体来说马马虎虎，菜量够，口味偏咸，环境有点吵。",
    "外观设计很漂亮，用起来有点笨重，拿久了手腕酸。",
    "有免费停车场，这一点很好，只是早餐要另外收费，而且不便宜。",
    "书的观点挺新颖，但论证不太严谨，读完有收获也有疑问。",
    "拉面的汤很浓，面条却煮得有点软，浇头给得倒是挺多。",
    "手环功能挺全的，可是配套的app经常闪退，数据同步很麻烦。",
    "民宿风景绝美，但是房间里虫子有点多，晚上睡觉得开着驱蚊器。",
    "沙发坐着舒服，颜色比图片深了一点，能接受，但不算惊喜。",
    "没有想象中的好吃，也没有差评说的那么难吃，正常水平吧。",
    "行李箱容量大，轮子顺滑，但外壳很容易留下划痕，刚用一次就花了。",
    "服务热情，环境干净，就是菜品种类太少，来两次就吃腻了。",
    "耳机降噪效果很好，可惜连接偶尔会断，打电话的时候尤其明显。",
    "价格和品质基本对得上，不算物超所值，也不算亏。",
    "酒店的泳池很棒，但房间的空调太吵了，晚上只能关掉。",
    "炸鸡外皮很脆，里面的肉有点干，蘸酱倒是很好吃。",
    "加湿器效果可以，就是水箱太小，一晚上要加两次水。",
    "小说文笔很好，可故事实在太压抑了，读完心情很沉重，说不上喜欢还是不喜欢。",
    "地段好，周边吃的多，房间却小得转不开身，适合只睡一晚的人。",
    "香水前调很好闻，可惜留香时间太短，两个小时就没味了。",
    "自助餐海鲜新鲜，但甜品区很敷衍，饮料也只有几种，性价比一般。",
    "键盘手感不错，但是灯光效果很廉价，驱动软件也不好用。",
    "还行吧，不好不坏。",
    "羊肉串挺香，就是串太小了，一口一串，吃不过瘾。",
    "孩子很喜欢这套积木，不过有几块拼得很紧，小朋友自己拆不开。",
    "看了很多好评专门过来的。招牌的红烧肘子确实软烂入味，值得一试；但另外点的几个小炒都偏咸，青菜也炒过头了，服务员忙得顾不上加水。总的来说有好有坏，不算踩雷，也没有评价说的那么好。",
    "投影仪画质还可以，风扇声音有点大，看安静的电影会被干扰。",
    "房间设计很有特色，可惜浴室和卧室只隔了一层玻璃，和朋友一起住有点尴尬。",
    "洗衣液洗得挺干净，只是香味太浓了，晾干了还冲鼻子。",
    "蛋糕颜值很高，味道普普通通，价格对得起外观，对不起味道。",
    "酒店本身没什么可挑剔的，只是办理入住排了很久的队，第一印象打了折扣。",
],
}

DE_OPEN = {"ich", "der", "die", "das", "und", "nicht", "mein", "meine", "ist", "bitte", "hallo", "sie", "es", "zu"}


def items(data):
    rng = random.Random(SEED)
    rows = [(label, text) for label, texts in data.items() for text in texts]
    rng.shuffle(rows)
    return [{"id": i, "text": t, "label": lab} for i, (lab, t) in enumerate(rows)]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def write_labels(path, labels):
    path.write_text("".join(f"{k}: {v}\n" for k, v in labels.items()), encoding="utf-8")


def build():
    write_jsonl(HERE / "de_tickets.jsonl", items(DE))
    write_jsonl(HERE / "zh_reviews.jsonl", items(ZH))
    write_labels(HERE / "de_labels.txt", DE_LABELS)
    write_labels(HERE / "zh_labels.txt", ZH_LABELS)
    (HERE / "README.md").write_text(readme(), encoding="utf-8")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def de_sentences(text):
    t = re.sub(r"\b(Nr|z\. B|Mo|Do|ca|bzw|usw|Bestellnr)\.", "X", text)
    t = re.sub(r"\d+\.(\d+\.)?", "0", t)  # dates and ordinals like 14.02. or 3. Stock
    return len([s for s in re.split(r"(?<=[.!?])\s+", t.strip()) if s.strip()])


def grams(text, n):
    t = re.sub(r"\s+", "", text.lower())
    return {t[i:i + n] for i in range(len(t) - n + 1)}


def similar_pairs(texts, n, limit):
    gs = [grams(t, n) for t in texts]
    out = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = gs[i], gs[j]
            if a and b and len(a & b) / len(a | b) > limit:
                out.append((texts[i], texts[j]))
    return out


def cjk_share(text):
    chars = [c for c in text if not c.isspace()]
    return sum("\u4e00" <= c <= "\u9fff" for c in chars) / max(1, len(chars))


def readme():
    de, zh = Counter(l for l, ts in DE.items() for _ in ts), Counter(l for l, ts in ZH.items() for _ in ts)
    de_rows = "\n".join(f"| {k} | {de[k]} |" for k in DE_LABELS)
    dl = sorted(len(t.split()) for ts in DE.values() for t in ts)
    zl = sorted(len(t) for ts in ZH.values() for t in ts)
    zh_rows = "\n".join(f"| {k} | {zh[k]} ({100 * zh[k] / sum(zh.values()):.0f}%) |" for k in ZH_LABELS)
    return f"""# classify_multilingual: zero-shot classification of non-English text

**Synthetic data.** An LLM helper wrote every text and its label by hand for this project (`make.py` holds them,
grouped by the label each was written for). Nothing was collected, scraped, translated from or modelled on a
public data set. No second person checked the labels.

Purpose: to measure how the tool behaves on non-English input. The tool's embedding model is English-only, so
these sets show how far classification holds up (or falls apart) on German and Chinese text, for each method
and with the English label names or the English descriptions in the labels files.

## Files

| file | what |
|---|---|
| `de_tickets.jsonl` | {sum(de.values())} German customer-support messages |
| `de_labels.txt` | the 5 labels, one `label: description` line each (English) |
| `zh_reviews.jsonl` | {sum(zh.values())} Chinese short reviews of products, restaurants and hotels |
| `zh_labels.txt` | the 3 labels, one `label: description` line each (English) |

Each JSONL line is `{{"id": 0, "text": "...", "label": "..."}}`, UTF-8, written with `ensure_ascii=False`; ids run
from 0 in file order. The order is a fixed-seed shuffle (seed {SEED}), so labels are interleaved.

## Labels and counts

German tickets (label names are English):

| label | n |
|---|---|
{de_rows}

Chinese reviews:

| label | n |
|---|---|
{zh_rows}

## What is in the texts

- German: 1-4 sentences, {dl[0]}-{dl[-1]} words (median {dl[len(dl) // 2]}), formal letters ("Sehr geehrte Damen und Herren ...") next to terse all-lowercase
  messages, du and Sie, Austrian/Bavarian/northern greetings, a few emoji and typos ("bestelt", "Warenkrob",
  "Die Ton", "Rückerstatung", "heis"). Deliberately hard ones carry words of another class while the request is clearly of one: a
  billing complaint about shipping costs charged despite free shipping or an express surcharge for a standard
  delivery (billing), a parcel with the invoice
  but without the goods (shipping), "before I send it back, can you help me fix it" (technical problem),
  "I only want to download my invoice but cannot log in" (account access), a broken kettle the customer wants to
  return rather than repair (returns), an empty 0 KB invoice PDF (technical problem), and some sarcasm ("Wow,
  drei Wochen für ein Ladekabel").
- Where classes touch, the labels file decides: refunds for **returned** items are `returns`; refunds of wrong or
  double **charges** (including a cancelled, never-shipped item) are `billing`; parcels or items missing from a
  delivery are `shipping`, wrong or unwanted items the customer wants to send back or exchange are `returns`;
  login problems are `account access` even when an app or page misbehaves during login.
- Chinese: ordinary written Chinese, {zl[0]}-{zl[-1]} characters (median {zl[len(zl) // 2]}), from about a dozen domains (restaurants and
  takeaway, hotels and B&Bs, electronics, appliances, clothes, cosmetics, books, food). `negative` includes
  sarcastic praise (“贴心”, “营养均衡”, “不粘锅”真是名副其实). `positive` includes a few reviews with a minor
  complaint and a clearly positive verdict. `mixed` is neutral or lukewarm, or weighs a clear good point against a
  clear bad one without an overall verdict.

## Rebuild and check

    python3 bench/data/classify_multilingual/make.py          # rewrite all files, then verify
    python3 bench/data/classify_multilingual/make.py --check  # verify only

The check tests counts, ids, label sets, labels files, language (German markers, no CJK; Chinese share of CJK
characters), German sentence counts, exact duplicates, near-duplicates (character n-gram Jaccard) and repeated
openings, and that the files equal a fresh build.

## Caveats

- One writer, one sitting: the texts vary in length, register and structure, but they share one writer's habits
  and are cleaner than real tickets or reviews (few dialect forms, little slang, no quoted order e-mails).
- A few German tickets sit near a class boundary by design; their labels follow the descriptions above. Expect a
  careful human to agree on nearly all, not all.
- The Chinese `mixed` class is the least sharp: reviews that lean slightly one way were kept out of it, but the
  line between "mixed" and "mildly positive with a complaint" is a judgement call.
"""


def verify():
    de, zh = read_jsonl(HERE / "de_tickets.jsonl"), read_jsonl(HERE / "zh_reviews.jsonl")
    assert de == items(DE) and zh == items(ZH), "jsonl files differ from a fresh build"
    assert (HERE / "README.md").read_text(encoding="utf-8") == readme(), "README.md is stale"
    for name, labels in (("de_labels.txt", DE_LABELS), ("zh_labels.txt", ZH_LABELS)):
        lines = (HERE / name).read_text(encoding="utf-8").splitlines()
        assert [ln.partition(": ")[0] for ln in lines] == list(labels), name
        assert all(ln.partition(": ")[2] for ln in lines), name
    problems = []
    for rows, labels in ((de, DE_LABELS), (zh, ZH_LABELS)):
        assert [r["id"] for r in rows] == list(range(len(rows)))
        assert all(set(r) == {"id", "text", "label"} and r["label"] in labels and r["text"].strip() for r in rows)
        texts = [r["text"] for r in rows]
        assert len(set(texts)) == len(texts), "exact duplicate text"
    dec, zhc = Counter(r["label"] for r in de), Counter(r["label"] for r in zh)
    assert len(de) == 300 and all(50 <= dec[k] <= 70 for k in DE_LABELS), dec
    assert len(zh) == 300 and abs(zhc["positive"] - 120) <= 10 and abs(zhc["negative"] - 120) <= 10 \
        and abs(zhc["mixed"] - 60) <= 10, zhc
    for r in de:
        t = r["text"]
        assert not any("\u4e00" <= c <= "\u9fff" for c in t), t
        words = set(re.findall(r"[a-zäöüß]+", t.lower()))
        assert words & DE_OPEN or re.search(r"[äöüß]", t.lower()), f"not German? {t}"
        n = de_sentences(t)
        if not 1 <= n <= 4:
            problems.append(f"de sentences={n}: {t}")
    for r in zh:
        t = r["text"]
        assert cjk_share(t) >= 0.7, t
        if not 6 <= len(t) <= 120:
            problems.append(f"zh length {len(t)}: {t}")
    for a, b in similar_pairs([r["text"] for r in de], 4, 0.35) + similar_pairs([r["text"] for r in zh], 2, 0.45):
        problems.append(f"near-duplicate:\n  {a}\n  {b}")
    de_open = Counter(" ".join(r["text"].lower().split()[:3]) for r in de)
    zh_open = Counter(r["text"][:4] for r in zh)
    for k, v in list(de_open.items()) + list(zh_open.items()):
        if v > 3 and k != "sehr geehrte damen":  # the standard formal salutation, not a sentence skeleton
            problems.append(f"opening used {v} times: {k}")
    print("de:", dict(dec), "| sentences:", dict(sorted(Counter(de_sentences(r["text"]) for r in de).items())),
          "| words min/median/max:", *(lambda w: (w[0], w[len(w) // 2], w[-1]))(sorted(len(r["text"].split()) for r in de)))
    print("zh:", dict(zhc), "| chars min/median/max:", *(lambda w: (w[0], w[len(w) // 2], w[-1]))(sorted(len(r["text"]) for r in zh)))
    if problems:
        print("\n".join(problems))
        raise SystemExit(f"{len(problems)} problem(s)")
    print("OK")


if __name__ == "__main__":
    if "--check" not in sys.argv:
        build()
    verify()

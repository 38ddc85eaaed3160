import type { SurvivalCategory } from "./en.js";
import { terms } from "./terms.js";

/**
 * German survival terms per category, hand-written for Almanac from the words
 * German survival and first-aid (Erste Hilfe) manuals use. German writes
 * compounds as one word, which a whole-word match does not split, so the common
 * compounds are listed (Wasser, Trinkwasser, Regenwasser). Words that are also
 * common English words ("Wild", "Fallen", "Lager", "Brand", "Plane", "Abort",
 * "Blitz", "Funk") are left out, so an English book gains no tags from them.
 */
export const de: Record<SurvivalCategory, readonly string[]> = {
  water: terms(`Wasser, Trinkwasser, Regenwasser, Wasseraufbereitung, Wasserfilter, Wasserversorgung, Wasserquelle,
    abkochen, abgekocht, aufbereiten, entkeimen, Entkeimung, filtern, Filtration, Dehydrierung, Austrocknung, Durst,
    Feldflasche, Trinkflasche, Quelle, Brunnen, Jod, Chlor, Kondensation, trinkbar, Solardestille`),
  fire: terms(`Feuer, Lagerfeuer, Feuerstelle, Zunder, Anzündholz, Feuerstein, Funken, Funke, Streichhölzer, Streichholz,
    Glut, Brennholz, Feuerholz, Flamme, Flammen, Brennstoff, anzünden, Feuer machen, Feuerbohrer`),
  shelter: terms(`Unterschlupf, Unterkunft, Notunterkunft, Notunterschlupf, Schutzhütte, Zelt, Zelte, Zeltplane,
    Hütte, Biwak, Schneehöhle, Isolierung, Windschutz, Nachtlager, Schlafsack, Laubhütte`),
  "first-aid": terms(`Erste Hilfe, Wunde, Wunden, Blutung, Blutungen, Verband, Druckverband, Abbindung, Knochenbruch,
    Fraktur, Schiene, Verbrennung, Verbrennungen, Schock, Wiederbelebung, Herzdruckmassage, Infektion, Verletzung,
    Verletzungen, Verletzte, Verstauchung, Unterkühlung, Erfrierung, Erfrierungen, Hitzschlag, Vergiftung,
    Schlangenbiss, Puls, stabile Seitenlage, Pflaster, Wundauflage`),
  food: terms(`Nahrung, Lebensmittel, Essen, essbar, essbare, Pflanzen, Beeren, Fisch, Fische, Angeln, Fischen, Falle,
    Tierfalle, Schlinge, Jagd, Fleisch, kochen, Wurzeln, Insekten, Rationen, Proviant, haltbar, konservieren,
    räuchern, trocknen, Nahrungssuche, Sammeln`),
  navigation:
    terms(`Orientierung, Kompass, Karte, Landkarte, Norden, Süden, Himmelsrichtung, Himmelsrichtungen, Peilung,
    Marschzahl, Azimut, Richtung, Polarstern, Breitengrad, Längengrad, Wegpunkt, Orientierungspunkt, Sonne, Sterne`),
  signaling: terms(`Signale, Signalspiegel, Spiegel, Leuchtrakete, Signalfackel, Pfeife, Trillerpfeife, Rauch, Rettung,
    Bergung, Notsignal, Notruf, Funkgerät, Funkspruch, Frequenz, Flugzeug, Hubschrauber`),
  weather: terms(`Wetter, Unwetter, Sturm, Gewitter, Wolke, Wolken, Regen, Luftdruck, Donner, Blitze, Blitzschlag,
    Wettervorhersage, Vorhersage, Temperatur, Schnee, Nebel, Reif, Luftfeuchtigkeit, Hagel`),
  "tools-and-knots": terms(`Knoten, Seil, Seile, Schnur, Reepschnur, Leine, Palstek, Kreuzknoten, Messer, Taschenmesser,
    Axt, Beil, Säge, Werkzeug, Werkzeuge, schärfen, Wetzstein, Schleifstein, Spleiß`),
  hygiene: terms(`waschen, Körperpflege, Seife, Toilette, Zähne, Zahnpflege, sauber, Sauberkeit, Läuse,
    desinfizieren, Desinfektion, Händedesinfektion, Händewaschen, baden, Abfall, Müll, Abwasser`),
};

import type { SurvivalCategory } from "./en.js";
import { terms } from "./terms.js";

/**
 * French survival terms per category, hand-written for Almanac from the words
 * French survival and first-aid (secourisme) manuals use, with their common
 * plural and verb forms. Words that are also common English words ("source",
 * "pain", "cap", "combustible", "orientation") are left out, and "vent", "dents",
 * "isolation" and "gel" appear only in phrases ("le vent", "brosse à dents"),
 * so an English book gains no tags from them.
 */
export const fr: Record<SurvivalCategory, readonly string[]> = {
  water: terms(`eau, eaux, eau potable, purifier, purifiez, potabiliser, bouillir, faire bouillir, ébullition, filtrer,
    filtre, filtres, déshydratation, soif, gourde, puits, iode, chlore, eau de javel, eau de pluie, alambic solaire`),
  fire: terms(`feu, feux, feu de camp, amadou, petit bois, silex, étincelle, étincelles, allumettes, allumette, braises,
    braise, foyer, flamme, flammes, allumer, allumez, bois de chauffage, bois sec`),
  shelter:
    terms(`abri, abris, abri de fortune, tente, bâche, cabane, hutte, grotte de neige, isolation thermique, coupe-vent, literie,
    campement, sac de couchage, appentis`),
  "first-aid":
    terms(`premiers secours, premiers soins, secourisme, blessure, blessures, blessé, plaie, plaies, saignement,
    hémorragie, pansement, pansements, garrot, attelle, brûlure, brûlures, état de choc, rcp, réanimation, entorse,
    hypothermie, gelure, gelures, coup de chaleur, empoisonnement, morsure de serpent, antiseptique, pouls,
    point de compression`),
  food: terms(`nourriture, aliments, alimentation, comestible, comestibles, plantes, baies, poisson, poissons, pêche, pêcher,
    piège, pièges, collet, collets, chasse, gibier, viande, cuisiner, cuisson, racines, insectes, conserver, fumage,
    séchage, cueillette`),
  navigation:
    terms(`orienter, boussole, carte, cartes, nord, sud, azimut, étoile polaire, repère, repères, soleil, étoiles,
    itinéraire, point cardinal, points cardinaux`),
  signaling: terms(`signaux, signalisation, miroir, miroir de signalisation, fusée éclairante, fusées, sifflet, fumée,
    sauvetage, sauveteurs, balise, fréquence, détresse, appel de détresse, avion, aéronef, hélicoptère`),
  weather:
    terms(`météo, météorologie, orage, orages, tempête, nuage, nuages, pluie, le vent, du vent, les vents, vent violent, baromètre, pression
    atmosphérique, tonnerre, éclair, éclairs, foudre, prévisions, température, neige, brouillard, givre, gelée, humidité,
    grêle`),
  "tools-and-knots": terms(`nœud, nœuds, noeud, noeuds, corde, cordes, cordelette, brêlage, nœud de chaise, couteau,
    couteaux, hache, hachette, scie, outil, outils, aiguiser, affûter, pierre à aiguiser, épissure`),
  hygiene:
    terms(`hygiène, laver, se laver, lavage, lavage des mains, savon, assainissement, latrines, toilettes, brosse à dents, se brosser les dents,
    propre, propreté, poux, désinfecter, désinfection, désinfectant, gel hydroalcoolique, bain, déchets`),
};

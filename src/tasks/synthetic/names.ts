/**
 * The fixed name lists. Capitalised ASCII letters only, never a template word (names are their own tokens).
 * Every name of the CoT paper's letter, coin-flip and GSM8K exemplars is here. Gender only picks the pronoun of
 * the arithmetic stories.
 */

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const FEMALE_NAMES: readonly string[] = words(`
  Ka Sherrie Teressa Maybelle Shalonda Millicent Conception Inga Elanor Shaunda Leah Olivia
  Ann Amy Anna Alice Agnes Beth Bella Carla Clara Cora Daisy Dana Diana Donna Edith Edna Ella Emma Erin Eva
  Faye Fiona Flora Gina Grace Gwen Hana Hazel Helen Ida Irene Iris Ivy Jane Janet Jean Jenny Jill Joan Julia
  Karen Kate Kira Laura Lena Linda Lisa Lola Lucy Luna Mabel Maria Marta Mary Maya Megan Mia Molly Mona Nadia
  Nancy Nell Nina Nora Olga Opal Paula Pearl Petra Polly Rhea Rita Rosa Ruth Sally Sara Selma Sofia Sonia
  Stella Susan Tara Tessa Thea Tina Uma Vera Viola Wanda Wendy Willa Xena Yara Yvonne Zelda Zoe
`);

export const MALE_NAMES: readonly string[] = words(`
  Jamey Sal Raymond Kristian Ryan Elon Larry Sergey Bill Jason Denny Shawn Michael
  Tom Adam Alan Albert Alex Andre Arthur Ben Boris Brian Bruno Carl Chris Colin Dan David Dennis Derek Dmitri
  Eric Ethan Felix Frank Fred George Glen Greg Hans Harry Henry Hugo Ian Igor Ivan Jack Jacob Jake James Joel
  John Jonas Jose Juan Karl Keith Kevin Kyle Leo Leon Liam Louis Luca Lucas Luke Marco Mark Martin Max Miles
  Nathan Neil Nick Noah Oliver Omar Oscar Otto Owen Pablo Paul Pedro Peter Philip Quinn Rafael Ralph Rick
  Robert Roger Ross Rudy Samuel Scott Simon Stefan Steve Teddy Theo Victor Vince Walter Wayne Xavier Yusuf Zack
`);

export const LAST_NAMES: readonly string[] = words(`
  Musk Page Brin Gates Smith Jones Brown Miller Davis Garcia Wilson Moore Taylor Thomas Lee White Harris Clark
  Lewis Walker Hall Allen Wright Lopez Hill Green Adams Baker Nelson Carter Mitchell Perez Roberts Turner
  Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell Murphy Bailey
  Rivera Cooper Cox Howard Ward Torres Peterson Gray Ramirez Watson Brooks Kelly Sanders Price Bennett Wood
  Barnes Coleman Jenkins Perry Powell Hughes Flores Butler Simmons Foster Bryant Russell Griffin Diaz Hayes
  Myers Ford Graham Wallace Cole Jordan Owens Fisher Ellis Gibson Cruz Ortiz Gomez Murray Freeman Webb Tucker
`);

/** Coin flip and arithmetic: single first names. */
export const FIRST_NAMES: readonly string[] = [...FEMALE_NAMES, ...MALE_NAMES];

/**
 * Last-letter words must have 3-8 letters; this drops only the exemplar coin-flip names Ka (2), Millicent (9)
 * and Conception (10), which the coin-flip and arithmetic tasks still use.
 */
const fitsLetters = (name: string): boolean => name.length >= 3 && name.length <= 8;
export const LETTER_FIRST_NAMES: readonly string[] = FIRST_NAMES.filter(fitsLetters);
export const LETTER_LAST_NAMES: readonly string[] = LAST_NAMES.filter(fitsLetters);

export const ALL_NAMES: readonly string[] = [...new Set([...FIRST_NAMES, ...LAST_NAMES])].sort();

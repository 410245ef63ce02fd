/**
 * Harvest: query every open session's result before its provider forgets it. Today this stage closes
 * sessions whose retention deadline has passed; provider queries arrive with the harvest issue.
 */
package org.idvbatch.harvest;

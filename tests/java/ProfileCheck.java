// OWL 2 RL profile check with the OWL API (Debian package libowlapi-java); compiled and run by tests/test_ontology.py.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
public class ProfileCheck {
  public static void main(String[] a) throws Exception {
    OWLOntologyManager m = OWLManager.createOWLOntologyManager();
    OWLOntology o = m.loadOntologyFromOntologyDocument(new File(a[0]));
    OWLProfileReport r = new OWL2RLProfile().checkOntology(o);
    for (OWLProfileViolation v : r.getViolations()) System.out.println("VIOLATION\t" + v.getClass().getSimpleName() + "\t" + v);
    System.out.println(r.isInProfile() ? "IN_PROFILE" : "NOT_IN_PROFILE");
  }
}
